import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type ValidationError, validateWorkflow } from '@action-validator/core'
import { parse } from 'yaml'
import type { DeployCheck } from '../deploy-validate.ts'

const repo = fileURLToPath(new URL('../../', import.meta.url))
const WORKFLOW = path.join(repo, '.github/workflows/ci.yml')

type Step = { uses?: string; run?: string; with?: Record<string, unknown> }
type Job = { if?: string; services?: Record<string, { image?: string }>; steps?: Step[] }
type Workflow = { on?: Record<string, { tags?: string[] } | null>; jobs?: Record<string, Job> }

/**
 * Validates the GitHub Actions workflow with action-validator (GitHub's workflow schema, from npm as WebAssembly),
 * then what it is for: `.ci/run` on pushes and pull requests with PostgreSQL and Redis service containers, the
 * image pushed by docker/build-push-action only for v* tags, and every action pinned to a release.
 */
export async function checkWorkflow(file = WORKFLOW): Promise<string[]> {
  const name = file.startsWith(repo) ? path.relative(repo, file) : file
  const source = await readFile(file, 'utf8')
  const { errors } = validateWorkflow(source)
  if (errors.length > 0)
    return [...new Set(errors.flatMap((error) => describe(error).map((text) => `${name}: ${text}`)))]

  const workflow = parse(source) as Workflow
  const problems: string[] = []
  const triggers = workflow.on ?? {}
  for (const event of ['push', 'pull_request']) {
    if (!(event in triggers)) problems.push(`${name}: does not run on ${event}`)
  }
  if (!triggers.push?.tags?.includes('v*')) problems.push(`${name}: does not run on v* tags (the image's releases)`)

  const jobs = Object.entries(workflow.jobs ?? {})
  const testing = jobs.filter(([, job]) => job.steps?.some((step) => /(^|\s)\.ci\/run\b/.test(step.run ?? '')))
  if (testing.length === 0) problems.push(`${name}: no job runs .ci/run`)
  for (const [id, job] of testing) {
    const images = Object.values(job.services ?? {}).map((service) => service.image ?? '')
    for (const engine of ['postgres', 'redis']) {
      if (!images.some((image) => image.split(':')[0] === engine)) {
        problems.push(`${name}: job ${id} runs .ci/run without a ${engine} service container`)
      }
    }
  }

  const pushing = jobs.filter(([, job]) =>
    job.steps?.some((step) => step.uses?.startsWith('docker/build-push-action@') && step.with?.push === true),
  )
  if (pushing.length === 0) problems.push(`${name}: no job pushes the image (docker/build-push-action, push: true)`)
  for (const [id, job] of pushing) {
    if (!job.if?.includes("startsWith(github.ref, 'refs/tags/v')")) {
      problems.push(`${name}: job ${id} pushes the image but not only for v* tags`)
    }
  }

  for (const [id, job] of jobs) {
    for (const step of job.steps ?? []) {
      if (step.uses && !/@(v\d+(\.\d+)*|[0-9a-f]{40})$/.test(step.uses)) {
        problems.push(`${name}: job ${id} uses ${step.uses}, not pinned to a release (@v1) or a commit`)
      }
    }
  }
  return problems
}

/** action-validator's errors, with the failed alternatives of a oneOf spelled out. */
function describe(error: ValidationError): string[] {
  const where = 'path' in error ? `${error.path}: ` : ''
  const own = `${where}${error.title}${error.detail ? ` (${error.detail})` : ''}`
  const nested = 'states' in error ? (error.states ?? []).flatMap((state) => state.errors.flatMap(describe)) : []
  return nested.length > 0 ? nested : [own]
}

export default {
  name: '.github/workflows/ci.yml (action-validator and our rules)',
  check: () => checkWorkflow(),
} satisfies DeployCheck
