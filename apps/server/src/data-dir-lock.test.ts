import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A separate process that tries to lock the data dir, says whether it got it, and holds it for a moment. */
function contender(dataDir: string, startAt: number): Promise<string> {
  const lockModule = path.join(root, 'apps/server/src/data-dir-lock.ts')
  const script = `
    import { lockDataDir } from ${JSON.stringify(lockModule)}
    while (Date.now() < ${startAt}) {} // every contender asks at the same instant
    try {
      const lock = await lockDataDir(${JSON.stringify(dataDir)}, 'contender')
      process.stdout.write('locked')
      setTimeout(() => lock.release(), 1500)
    } catch (error) {
      process.stdout.write('refused')
    }`
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { cwd: root })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.on('exit', () => resolve(output))
  })
}

describe('the data dir lock', () => {
  it('goes to exactly one of several processes that ask for it at the same moment', async () => {
    for (let round = 0; round < 3; round++) {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ambassador-lock-'))
      dirs.push(dataDir)
      const startAt = Date.now() + 2_000 // once every process has started
      const outcomes = await Promise.all(Array.from({ length: 6 }, () => contender(dataDir, startAt)))
      expect(outcomes.filter((o) => o === 'locked')).toHaveLength(1)
      expect(outcomes.filter((o) => o === 'refused')).toHaveLength(5)
    }
  })

  it('is taken over from a process that is gone, by exactly one of those asking at once', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ambassador-lock-'))
    dirs.push(dataDir)
    writeFileSync(path.join(dataDir, 'server.pid'), '2147483646\nThe Ambassador server\n') // no such process
    const startAt = Date.now() + 2_000
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => contender(dataDir, startAt)))
    expect(outcomes.filter((o) => o === 'locked')).toHaveLength(1)
  })
})
