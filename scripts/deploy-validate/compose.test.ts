import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkCompose } from './compose.ts'

const composeFile = fileURLToPath(new URL('../../deploy/compose.yaml', import.meta.url))
const envExample = fileURLToPath(new URL('../../deploy/.env.example', import.meta.url))
let dir: string
let committed: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'compose-check-'))
  committed = await readFile(composeFile, 'utf8')
})
afterAll(() => rm(dir, { recursive: true, force: true }))

let edits = 0
/** The committed compose.yaml with `from` (which must be in it) replaced by `to`, then checked. */
async function checkEdited(from: string, to: string) {
  expect(committed, `compose.yaml no longer contains ${from}`).toContain(from)
  const file = path.join(dir, `compose-${++edits}.yaml`)
  await writeFile(file, committed.replaceAll(from, to))
  return checkCompose(file, envExample)
}

describe('the deploy/compose.yaml check', () => {
  it('passes the committed compose.yaml', async () => {
    expect(await checkCompose()).toEqual([])
  })

  it('fails a key the Compose specification does not know', async () => {
    const problems = await checkEdited('    image: redis:7.4-alpine\n', '    image: redis:7.4-alpine\n    imagee: x\n')
    expect(problems).toEqual([expect.stringContaining('/services/redis must NOT have additional properties "imagee"')])
  })

  it('fails a value of the wrong type', async () => {
    const problems = await checkEdited('      retries: 10\n', '      retries: many\n')
    expect(problems).toContainEqual(expect.stringContaining('/services/postgres/healthcheck/retries must be number'))
  })

  it('fails a dependency on a service that does not exist', async () => {
    const problems = await checkEdited(
      'mailpit: { condition: service_healthy }',
      'mailbox: { condition: service_healthy }',
    )
    expect(problems).toEqual([expect.stringContaining('service email depends on mailbox, which is not a service')])
  })

  it('fails waiting for the health of a service without a healthcheck', async () => {
    const problems = await checkEdited('      test: ["CMD", "/mailpit", "readyz"]\n', '')
    expect(problems).toContainEqual(
      expect.stringContaining('service email waits for mailpit to be healthy, but mailpit has no healthcheck'),
    )
  })

  it('fails a secret written in the file, as a variable or inside a URL', async () => {
    const inline = await checkEdited(`STRIPE_SECRET_KEY: \${STRIPE_SECRET_KEY:-}`, 'STRIPE_SECRET_KEY: sk_live_123')
    expect(inline).toEqual([
      expect.stringContaining('service checkout writes the secret STRIPE_SECRET_KEY in the file'),
    ])
    const inUrl = await checkEdited(
      `ambassador:\${POSTGRES_PASSWORD}@postgres:5432/ambassador_store`,
      'ambassador:hunter2@postgres:5432/ambassador_store',
    )
    expect(inUrl).toContainEqual(expect.stringContaining('service store writes a password in the URL of DATABASE_URL'))
  })

  it('fails a service of ours on another image, and a third-party image without a version', async () => {
    const problems = await checkEdited(
      '  store:\n    <<: *app\n',
      '  store:\n    <<: *app\n    image: someone/else:1.0.0\n',
    )
    expect(problems).toContainEqual(expect.stringContaining('our services must all run one image'))
    const latest = await checkEdited('image: redis:7.4-alpine', 'image: redis:latest')
    expect(latest).toEqual([
      expect.stringContaining('service redis must pin its image to a version, got "redis:latest"'),
    ])
  })

  it('fails when one of the services is not run, or not migrated', async () => {
    const problems = await checkEdited('      SERVICES: analytics\n', '')
    expect(problems).toContainEqual(expect.stringContaining('analytics must run in exactly one service'))
    const unmigrated = await checkEdited('      ANALYTICS_DATABASE_URL:', '      ANALYTICS_DB_URL:')
    expect(unmigrated).toEqual([expect.stringContaining('the migrate service has no ANALYTICS_DATABASE_URL')])
  })

  it('fails a required variable that deploy/.env.example does not list', async () => {
    const example = path.join(dir, 'env.example')
    await writeFile(example, (await readFile(envExample, 'utf8')).replace(/^JWT_PUBLIC_KEY=.*$/m, ''))
    const problems = await checkCompose(composeFile, example)
    expect(problems).toEqual([expect.stringContaining('needs JWT_PUBLIC_KEY, which env.example does not list')])
  })
})
