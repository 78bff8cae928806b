import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createLogger } from '../log/log.ts'
import { isAlive } from '../process/process.ts'
import { stopStaleServer } from './embedded-postgres.ts'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A data dir whose postmaster.pid names `pid`, as a crash (or a recycled pid) leaves it. */
function databaseDirNaming(pid: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ambassador-stale-pg-'))
  dirs.push(dir)
  mkdirSync(path.join(dir, 'postgres'))
  writeFileSync(path.join(dir, 'postgres', 'postmaster.pid'), `${pid}\n${dir}/postgres\n1700000000\n5432\n`)
  return path.join(dir, 'postgres')
}

describe('a stale postmaster.pid', () => {
  it('never gets an unrelated process signalled: the file is dropped and the process lives on', async () => {
    const bystander = spawn('sleep', ['30'])
    const databaseDir = databaseDirNaming(bystander.pid as number)
    await stopStaleServer(databaseDir, createLogger('silent'))
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(isAlive(bystander.pid as number)).toBe(true)
    expect(bystander.signalCode).toBeNull()
    expect(existsSync(path.join(databaseDir, 'postmaster.pid'))).toBe(false)
    bystander.kill()
  })

  it('never gets this process or its parent signalled', async () => {
    for (const pid of [process.pid, process.ppid]) {
      const databaseDir = databaseDirNaming(pid)
      await stopStaleServer(databaseDir, createLogger('silent'))
      expect(existsSync(path.join(databaseDir, 'postmaster.pid'))).toBe(false)
    }
    expect(isAlive(process.pid)).toBe(true)
  })
})
