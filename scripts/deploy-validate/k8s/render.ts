import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { parseAllDocuments } from 'yaml'
import type { K8sObject } from './objects.ts'

const run = promisify(execFile)

/** Where kubectl is, or undefined: `kubectl kustomize` renders the overlays without a cluster. */
export async function findKubectl(): Promise<string | undefined> {
  try {
    await run('kubectl', ['version', '--client'], { timeout: 20_000 })
    return 'kubectl'
  } catch {
    return undefined
  }
}

/** Renders one kustomization (`kubectl kustomize <dir>`) into its objects; throws with kustomize's own message. */
export async function renderKustomization(kubectl: string, dir: string): Promise<K8sObject[]> {
  let stdout: string
  try {
    ;({ stdout } = await run(kubectl, ['kustomize', dir], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }))
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim()
    throw new Error(`kubectl kustomize ${dir} failed: ${stderr || String(error)}`)
  }
  const documents = parseAllDocuments(stdout)
  if (!Array.isArray(documents)) return []
  const objects: K8sObject[] = []
  for (const document of documents) {
    if (document.errors.length > 0)
      throw new Error(`the rendering of ${dir} is not YAML: ${document.errors[0]?.message}`)
    const object = document.toJS() as K8sObject | null
    if (object) objects.push(object)
  }
  return objects
}
