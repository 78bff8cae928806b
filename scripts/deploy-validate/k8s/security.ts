import type { IContainer } from 'kubernetes-models/v1/Container'
import type { IProbe } from 'kubernetes-models/v1/Probe'
import { containersOf, idOf, type K8sObject, podTemplateOf } from './objects.ts'

/**
 * The security properties every container of an overlay must have, ours and the backing services' alike (the
 * Pod Security Standard "restricted", and more): not root, no privilege escalation, every capability dropped, a
 * read-only root filesystem, the runtime's seccomp profile, CPU and memory requests and limits. Long-running
 * containers answer liveness and readiness probes; a service of ours also has its startup probe, on the health
 * routes the platform serves (packages/kit/src/platform.ts), and an emptyDir at /tmp to write to.
 */
export function securityProblems(objects: K8sObject[]): string[] {
  const problems: string[] = []
  for (const object of objects) {
    const pod = podTemplateOf(object)
    if (!pod) continue
    const at = idOf(object)
    const podContext = pod.spec.securityContext ?? {}
    if (pod.spec.hostNetwork || pod.spec.hostPID || pod.spec.hostIPC)
      problems.push(`${at} shares the node's network, process or IPC namespace`)
    if (pod.spec.automountServiceAccountToken !== false)
      problems.push(`${at} mounts a service account token it does not need (automountServiceAccountToken: false)`)
    const isService = pod.labels['app.kubernetes.io/component'] === 'service'
    const runsToCompletion = object.kind === 'Job' || object.kind === 'CronJob'
    for (const { container, init } of containersOf(pod.spec)) {
      const where = `${at} container ${container.name}`
      const context = container.securityContext ?? {}
      if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true)
        problems.push(`${where} may run as root (runAsNonRoot)`)
      const user = context.runAsUser ?? podContext.runAsUser
      if (user === undefined || user === 0) problems.push(`${where} names no non-root user (runAsUser)`)
      if (context.allowPrivilegeEscalation !== false)
        problems.push(`${where} may escalate its privileges (allowPrivilegeEscalation: false)`)
      if (context.privileged === true) problems.push(`${where} is privileged`)
      if (context.readOnlyRootFilesystem !== true)
        problems.push(`${where} can write its root filesystem (readOnlyRootFilesystem: true)`)
      if (!context.capabilities?.drop?.includes('ALL')) problems.push(`${where} keeps Linux capabilities (drop: [ALL])`)
      if ((context.capabilities?.add ?? []).length > 0) problems.push(`${where} adds Linux capabilities`)
      const seccomp = (context.seccompProfile ?? podContext.seccompProfile)?.type
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
        problems.push(`${where} has no seccomp profile (seccompProfile: RuntimeDefault)`)
      problems.push(...resourceProblems(where, container))
      if (init || runsToCompletion) continue
      if (!container.livenessProbe) problems.push(`${where} has no liveness probe`)
      if (!container.readinessProbe) problems.push(`${where} has no readiness probe`)
      if (isService) problems.push(...serviceProblems(where, container, pod.spec.volumes ?? []))
    }
  }
  return problems
}

function resourceProblems(where: string, container: IContainer): string[] {
  const problems: string[] = []
  for (const kind of ['requests', 'limits'] as const)
    for (const resource of ['cpu', 'memory'])
      if (container.resources?.[kind]?.[resource] === undefined)
        problems.push(`${where} has no ${resource} ${kind === 'requests' ? 'request' : 'limit'}`)
  return problems
}

function serviceProblems(where: string, container: IContainer, volumes: { name: string; emptyDir?: unknown }[]) {
  const problems: string[] = []
  if (!container.startupProbe) problems.push(`${where} has no startup probe`)
  const expect = (probe: IProbe | undefined, name: string, path: string) => {
    if (probe && probe.httpGet?.path !== path) problems.push(`${where}: its ${name} probe must GET ${path}`)
  }
  expect(container.readinessProbe, 'readiness', '/health/ready')
  expect(container.livenessProbe, 'liveness', '/health/live')
  expect(container.startupProbe, 'startup', '/health/live')
  const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp')
  if (!tmp || !volumes.some((volume) => volume.name === tmp.name && volume.emptyDir !== undefined))
    problems.push(`${where} has no emptyDir at /tmp (its only writable place)`)
  return problems
}
