import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkWorkflow } from './workflow.ts'

const workflow = fileURLToPath(new URL('../../.github/workflows/ci.yml', import.meta.url))
let dir: string
let committed: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'workflow-check-'))
  committed = await readFile(workflow, 'utf8')
})
afterAll(() => rm(dir, { recursive: true, force: true }))

let edits = 0
/** The committed workflow with `from` (which must be in it) replaced by `to`, then checked. */
async function checkEdited(from: string | RegExp, to: string) {
  const edited = committed.replace(from, to)
  expect(edited, `ci.yml no longer contains ${String(from)}`).not.toBe(committed)
  const file = path.join(dir, `ci-${++edits}.yml`)
  await writeFile(file, edited)
  return checkWorkflow(file)
}

describe('the GitHub Actions workflow check', () => {
  it('passes the committed workflow', async () => {
    expect(await checkWorkflow()).toEqual([])
  })

  it("fails what GitHub's workflow schema refuses", async () => {
    const misspelt = await checkEdited('    timeout-minutes: 90\n', '    timeout_minutes: 90\n')
    expect(misspelt).toContainEqual(expect.stringContaining("Additional property 'timeout_minutes' is not allowed"))
    const badTrigger = await checkEdited('  pull_request:\n', '  pull-request:\n')
    expect(badTrigger).toContainEqual(expect.stringContaining('/on'))
  })

  it('fails .ci/run without its Redis service container', async () => {
    const problems = await checkEdited(/ {6}redis:\n(.*\n){4}/, '')
    expect(problems).toEqual([expect.stringContaining('job test runs .ci/run without a redis service container')])
  })

  it('fails when nothing runs .ci/run', async () => {
    const problems = await checkEdited('bash .ci/run', 'npm test')
    expect(problems).toEqual([expect.stringContaining('no job runs .ci/run')])
  })

  it('fails pushing the image on every push rather than on v* tags', async () => {
    const problems = await checkEdited("    if: startsWith(github.ref, 'refs/tags/v')\n", '')
    expect(problems).toEqual([expect.stringContaining('job image pushes the image but not only for v* tags')])
    const noTags = await checkEdited('    tags: ["v*"]\n', '')
    expect(noTags).toEqual([expect.stringContaining('does not run on v* tags')])
  })

  it('fails an action that follows a branch', async () => {
    const problems = await checkEdited('docker/login-action@v3', 'docker/login-action@master')
    expect(problems).toEqual([expect.stringContaining('job image uses docker/login-action@master, not pinned')])
  })
})
