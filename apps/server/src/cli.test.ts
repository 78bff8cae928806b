import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ambassador-cli-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** `npm run cli -- …` on this file's own data dir: its exit code and what it printed. */
function cli(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'apps/server/src/cli.ts', ...args],
      { cwd: root, env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEMO: 'false' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    )
  })
}

describe('the operator CLI (npm run cli)', () => {
  it('lists its commands, and refuses an unknown one or missing options with exit code 2', async () => {
    const help = await cli('help')
    expect(help.code).toBe(0)
    for (const command of [
      'create-admin',
      'migrate',
      'rebuild-rankings',
      'rebuild-projections',
      'dead-letters',
      'replay-dead-letters',
    ]) {
      expect(help.out).toContain(command)
    }
    expect(await cli('frobnicate')).toMatchObject({ code: 2, out: expect.stringContaining('Unknown command') })
    expect(await cli('create-admin')).toMatchObject({ code: 2, out: expect.stringContaining('--email and --password') })
    expect(await cli('dead-letters', '--service', 'billing')).toMatchObject({
      code: 2,
      out: expect.stringContaining('Unknown service'),
    })
    expect(await cli('replay-dead-letters', '--id', 'nope')).toMatchObject({
      code: 2,
      out: expect.stringContaining('uuid'),
    })
    // Five CLI processes, each loading every service's code: on a busy two-core machine that passed 30 s once.
  }, 90_000)

  it('migrates, creates an admin once, and lists and replays dead letters on the embedded database', async () => {
    expect(await cli('migrate')).toMatchObject({ code: 0, out: expect.stringContaining('migrated checkout') })
    expect(await cli('create-admin', '--email', 'Boss@Example.com', '--password', 'long-password')).toMatchObject({
      code: 0,
      out: expect.stringContaining('Created admin boss@example.com'),
    })
    expect((await cli('create-admin', '--email', 'boss@example.com', '--password', 'long-password')).out).toContain(
      'already exists',
    )
    expect(await cli('dead-letters')).toMatchObject({ code: 0, out: expect.stringContaining('No dead letters.') })
    expect(await cli('replay-dead-letters')).toMatchObject({
      code: 0,
      out: expect.stringContaining('Nothing to replay.'),
    })
    expect((await cli('rebuild-rankings')).out).toContain('nothing to do')
    // An empty ledger and empty stats agree; the rebuild's comparisons are specified in the ambassador service.
    for (const args of [['rebuild-projections', '--check'], ['rebuild-projections']]) {
      expect(await cli(...args)).toMatchObject({ code: 0, out: expect.stringContaining('match the ledger') })
    }
  }, 120_000)
})
