import { readFile } from 'node:fs/promises'
import { STREAMS } from '@ambassador/contracts/events'
import { SERVICE_NAMES } from '@ambassador/kit/config/config'
import { containersOf, idOf, type K8sObject, podTemplateOf } from './objects.ts'

type Labels = Record<string, string>
const matches = (selector: Labels | undefined, labels: Labels) =>
  selector !== undefined && Object.entries(selector).every(([key, value]) => labels[key] === value)

/**
 * Each service of SERVICE_NAMES runs as its own Deployment (SERVICES=<name>), behind a Service, scaled by an HPA and
 * kept up by a PodDisruptionBudget; no Deployment runs a service that does not exist.
 */
export function serviceProblems(objects: K8sObject[]): string[] {
  const problems: string[] = []
  const deployments = objects.filter(
    (o) => o.kind === 'Deployment' && podTemplateOf(o)?.labels['app.kubernetes.io/component'] === 'service',
  )
  const running = new Map<string, K8sObject>()
  for (const deployment of deployments) {
    const env = podTemplateOf(deployment)?.spec.containers[0]?.env ?? []
    const services = env.find((e) => e.name === 'SERVICES')?.value
    if (!services || !(SERVICE_NAMES as readonly string[]).includes(services))
      problems.push(`${idOf(deployment)} runs SERVICES=${services}, not one of ${SERVICE_NAMES.join(', ')}`)
    else running.set(services, deployment)
  }
  for (const name of SERVICE_NAMES) {
    const deployment = running.get(name)
    if (!deployment) {
      problems.push(`no Deployment runs the ${name} service (SERVICES=${name})`)
      continue
    }
    const labels = podTemplateOf(deployment)?.labels ?? {}
    const named = (kind: string) => objects.filter((o) => o.kind === kind)
    if (!named('Service').some((s) => matches(s.spec?.selector as Labels, labels)))
      problems.push(`no Service selects the pods of ${idOf(deployment)}`)
    const hpa = named('HorizontalPodAutoscaler').find(
      (h) => (h.spec?.scaleTargetRef as { name?: string } | undefined)?.name === deployment.metadata.name,
    )
    if (!hpa) problems.push(`no HorizontalPodAutoscaler scales ${idOf(deployment)}`)
    else if (Number(hpa.spec?.minReplicas ?? 1) > Number(hpa.spec?.maxReplicas))
      problems.push(`${idOf(hpa)} has more minReplicas than maxReplicas`)
    const pdb = named('PodDisruptionBudget').find((p) =>
      matches((p.spec?.selector as { matchLabels?: Labels } | undefined)?.matchLabels, labels),
    )
    if (!pdb) problems.push(`no PodDisruptionBudget covers ${idOf(deployment)}`)
  }
  return problems
}

/**
 * Every ConfigMap and Secret a pod reads exists in the overlay, with the keys it reads, unless the reference is
 * optional or the Secret is one the overlay expects to be made out of band (a generated name carries a hash suffix).
 */
export function referenceProblems(objects: K8sObject[], outOfBand: string[]): string[] {
  const problems: string[] = []
  const find = (kind: string, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name) ??
    (outOfBand.includes(name) && kind === 'Secret' ? 'out of band' : undefined)
  for (const object of objects) {
    const pod = podTemplateOf(object)
    if (!pod) continue
    for (const { container } of containersOf(pod.spec)) {
      const where = `${idOf(object)} container ${container.name}`
      const need = (kind: string, name: string, key: string | undefined, optional: boolean | undefined) => {
        if (optional) return
        const found = find(kind, name)
        if (!found) problems.push(`${where} reads ${kind}/${name}, which is not there`)
        else if (key !== undefined && found !== 'out of band') {
          const data = { ...(found.data ?? {}), ...((found.stringData as Labels | undefined) ?? {}) }
          if (!(key in data)) problems.push(`${where} reads ${key} from ${kind}/${name}, which has no such key`)
        }
      }
      for (const from of container.envFrom ?? []) {
        if (from.configMapRef) need('ConfigMap', from.configMapRef.name ?? '', undefined, from.configMapRef.optional)
        if (from.secretRef) need('Secret', from.secretRef.name ?? '', undefined, from.secretRef.optional)
      }
      for (const { valueFrom } of container.env ?? []) {
        const cm = valueFrom?.configMapKeyRef
        const secret = valueFrom?.secretKeyRef
        if (cm) need('ConfigMap', cm.name ?? '', cm.key, cm.optional)
        if (secret) need('Secret', secret.name ?? '', secret.key, secret.optional)
      }
    }
  }
  return problems
}

/** The migration Job runs a command the CLI (apps/server/src/cli.ts) has. */
export async function migrationProblems(objects: K8sObject[], cliSource: string): Promise<string[]> {
  const jobs = objects.filter(
    (o) => o.kind === 'Job' && podTemplateOf(o)?.labels['app.kubernetes.io/component'] === 'migration',
  )
  if (jobs.length === 0) return ['no migration Job (app.kubernetes.io/component: migration)']
  const cli = await readFile(cliSource, 'utf8')
  const problems: string[] = []
  for (const job of jobs) {
    const container = podTemplateOf(job)?.spec.containers[0]
    const command = [...(container?.command ?? []), ...(container?.args ?? [])]
    const name = command.at(-1) ?? ''
    if (!new RegExp(`^\\s+'?${name}'?: \\{`, 'm').test(cli))
      problems.push(`${idOf(job)} runs "${name}", which is no command of the CLI`)
  }
  return problems
}

/**
 * The NetworkPolicies deny our pods everything by default, and the backing services they may reach carry the label
 * the policies find them by (a pod template's, or what an operator puts on the pods it makes).
 */
export function networkProblems(objects: K8sObject[]): string[] {
  const problems: string[] = []
  const ours = { 'app.kubernetes.io/part-of': 'ambassador' }
  const denyAll = objects.some((o) => {
    const spec = o.spec as {
      podSelector?: { matchLabels?: Labels }
      policyTypes?: string[]
      ingress?: unknown
      egress?: unknown
    }
    return (
      o.kind === 'NetworkPolicy' &&
      JSON.stringify(spec.podSelector?.matchLabels) === JSON.stringify(ours) &&
      spec.policyTypes?.includes('Ingress') &&
      spec.policyTypes?.includes('Egress') &&
      spec.ingress === undefined &&
      spec.egress === undefined
    )
  })
  if (!denyAll)
    problems.push('no NetworkPolicy denies our pods (app.kubernetes.io/part-of: ambassador) everything by default')
  const provided = new Set<string>()
  for (const object of objects) {
    const labels = [
      podTemplateOf(object)?.labels,
      (object.spec?.inheritedMetadata as { labels?: Labels } | undefined)?.labels, // CloudNativePG Cluster
      (object.spec?.template as { pod?: { metadata?: { labels?: Labels } } } | undefined)?.pod?.metadata?.labels, // Strimzi
    ]
    for (const l of labels) if (l?.['ambassador.dev/provides']) provided.add(l['ambassador.dev/provides'])
  }
  for (const role of ['database', 'broker', 'cache'])
    if (!provided.has(role))
      problems.push(`no pod is labelled ambassador.dev/provides: ${role}, so the services cannot reach one`)
  return problems
}

/** The operators' resources match the code: a KafkaTopic per stream, a database and role per service, brokers named right. */
export function operatorProblems(objects: K8sObject[]): string[] {
  const problems: string[] = []
  const config =
    objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('ambassador-config'))?.data ?? {}
  const kafka = objects.find((o) => o.kind === 'Kafka')
  if (kafka) {
    const cluster = kafka.metadata.name
    const prefix = config.KAFKA_TOPIC_PREFIX ?? ''
    const topics = objects.filter((o) => o.kind === 'KafkaTopic')
    const names = topics.map((t) => (t.spec?.topicName as string | undefined) ?? t.metadata.name)
    for (const stream of STREAMS)
      if (!names.includes(`${prefix}${stream}`)) problems.push(`no KafkaTopic for the stream ${prefix}${stream}`)
    for (const name of names)
      if (!STREAMS.map((s) => `${prefix}${s}`).includes(name)) problems.push(`KafkaTopic ${name} is no stream of ours`)
    for (const o of objects.filter((o) => o.kind === 'KafkaTopic' || o.kind === 'KafkaNodePool'))
      if (o.metadata.labels?.['strimzi.io/cluster'] !== cluster)
        problems.push(`${idOf(o)} is not of the Kafka cluster ${cluster}`)
    const listeners = ((kafka.spec?.kafka as { listeners?: { port: number; tls: boolean }[] })?.listeners ?? []).filter(
      (l) => !l.tls,
    )
    const bootstrap = listeners.map((l) => `${cluster}-kafka-bootstrap:${l.port}`)
    if (!bootstrap.includes(config.KAFKA_BROKERS ?? ''))
      problems.push(
        `KAFKA_BROKERS is ${config.KAFKA_BROKERS}, not a plain listener of Kafka/${cluster} (${bootstrap.join(', ')})`,
      )
  }
  const cluster = objects.find((o) => o.kind === 'Cluster' && o.apiVersion.startsWith('postgresql.cnpg.io/'))
  if (cluster) {
    const roles = ((cluster.spec?.managed as { roles?: { name: string }[] } | undefined)?.roles ?? []).map(
      (r) => r.name,
    )
    const databases = objects.filter((o) => o.kind === 'Database')
    for (const service of SERVICE_NAMES) {
      if (!roles.includes(service)) problems.push(`${idOf(cluster)} manages no role ${service}`)
      const database = databases.find((d) => d.spec?.name === `ambassador_${service}`)
      if (!database) problems.push(`no Database ambassador_${service} for the ${service} service`)
      else if (database.spec?.owner !== service) problems.push(`${idOf(database)} is not owned by the role ${service}`)
    }
  }
  return problems
}
