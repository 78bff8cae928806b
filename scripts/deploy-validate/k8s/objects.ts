import type { IContainer } from 'kubernetes-models/v1/Container'
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec'

/** One object of a rendered overlay, as kustomize printed it. */
export type K8sObject = {
  apiVersion: string
  kind: string
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }
  spec?: Record<string, unknown>
  data?: Record<string, string>
  [field: string]: unknown
}

/** How problems name an object: `Deployment/users`. */
export function idOf(object: K8sObject): string {
  return `${object.kind}/${object.metadata?.name ?? '(no name)'}`
}

/** A pod an object runs, with the labels of its template (a Deployment's service label, a Job's component). */
export type PodTemplate = { owner: K8sObject; labels: Record<string, string>; spec: IPodSpec }

type Template = { metadata?: { labels?: Record<string, string> }; spec?: IPodSpec }

/** The pod templates of the workload kinds (a CronJob's is one level deeper); none for other kinds. */
export function podTemplateOf(object: K8sObject): PodTemplate | undefined {
  const spec = object.spec as { template?: Template; jobTemplate?: { spec?: { template?: Template } } } | undefined
  const template =
    object.kind === 'CronJob'
      ? spec?.jobTemplate?.spec?.template
      : ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(object.kind)
        ? spec?.template
        : undefined
  if (object.kind === 'Pod')
    return {
      owner: object,
      labels: object.metadata.labels ?? {},
      spec: (object.spec ?? { containers: [] }) as unknown as IPodSpec,
    }
  if (!template) return undefined
  return { owner: object, labels: template.metadata?.labels ?? {}, spec: template.spec ?? { containers: [] } }
}

/** Every container of a pod: init containers first, then the others. */
export function containersOf(spec: IPodSpec): { container: IContainer; init: boolean }[] {
  return [
    ...(spec.initContainers ?? []).map((container) => ({ container, init: true })),
    ...(spec.containers ?? []).map((container) => ({ container, init: false })),
  ]
}
