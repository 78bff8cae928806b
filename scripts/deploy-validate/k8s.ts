import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseAllDocuments } from 'yaml'
import type { DeployCheck } from '../deploy-validate.ts'
import type { K8sObject } from './k8s/objects.ts'
import { findKubectl, renderKustomization } from './k8s/render.ts'
import { routeProblems, tlsProblems } from './k8s/routes.ts'
import { schemaProblems } from './k8s/schemas.ts'
import { securityProblems } from './k8s/security.ts'
import {
  migrationProblems,
  networkProblems,
  operatorProblems,
  referenceProblems,
  serviceProblems,
} from './k8s/wiring.ts'

const repo = fileURLToPath(new URL('../../', import.meta.url))

/** What an overlay promises: the Secrets it expects to be made out of band (deploy/README.md), TLS on its Ingresses. */
export type Overlay = { outOfBand: string[]; tls: boolean }

export const OVERLAYS: Record<string, Overlay> = {
  dev: { outOfBand: [], tls: false },
  prod: { outOfBand: ['ambassador-secrets'], tls: true },
}

/**
 * Renders one overlay with `kubectl kustomize` and checks every object it makes: its schema, the security properties
 * of every container, the services' wiring (Deployment, Service, HPA, PDB per service; ConfigMaps and Secrets that
 * exist), the Ingress against the gateway's routing table, the migration Job against the CLI, the NetworkPolicies and
 * the operators' resources against the code (a topic per stream, a database per service).
 */
export async function checkOverlay(dir: string, overlay: Overlay, kubectl = 'kubectl'): Promise<string[]> {
  let objects: K8sObject[]
  try {
    objects = await renderKustomization(kubectl, dir)
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)]
  }
  if (objects.length === 0) return [`${dir} renders no objects`]
  const schemas = (await Promise.all(objects.map(schemaProblems))).flat()
  return [
    ...schemas,
    ...securityProblems(objects),
    ...serviceProblems(objects),
    ...referenceProblems(objects, overlay.outOfBand),
    ...(overlay.tls ? tlsProblems(objects) : []),
    ...(await routeProblems(objects, path.join(repo, 'deploy/gateway/nginx.conf'))),
    ...(await migrationProblems(objects, path.join(repo, 'apps/server/src/cli.ts'))),
    ...networkProblems(objects),
    ...operatorProblems(objects),
  ]
}

/** Every overlay under `root` (deploy/k8s by default), each problem prefixed with the overlay's name. */
export async function checkOverlays(root = path.join(repo, 'deploy/k8s')): Promise<string[]> {
  const kubectl = await findKubectl()
  if (!kubectl)
    return [
      'kubectl is not on PATH: install kubernetes-client (apt-get install -y kubernetes-client) to render the overlays',
    ]
  const problems: string[] = []
  for (const [name, overlay] of Object.entries(OVERLAYS)) {
    const found = await checkOverlay(path.join(root, 'overlays', name), overlay, kubectl)
    problems.push(...found.map((problem) => `overlays/${name}: ${problem}`))
  }
  return [...problems, ...(await checkRestoreManifests(path.join(root, 'restore')))]
}

/** The manifests the runbook applies by hand (deploy/k8s/restore/) pass their schemas too. */
async function checkRestoreManifests(dir: string): Promise<string[]> {
  const problems: string[] = []
  for (const file of (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.yaml'))) {
    for (const document of parseAllDocuments(await readFile(path.join(dir, file), 'utf8'))) {
      const found = await schemaProblems(document.toJS() as K8sObject)
      problems.push(...found.map((problem) => `restore/${file}: ${problem}`))
    }
  }
  return problems
}

const check: DeployCheck = {
  name: 'Kubernetes manifests (deploy/k8s: dev and prod overlays)',
  check: () => checkOverlays(),
}
export default check
