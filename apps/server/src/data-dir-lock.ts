import { readFileSync, rmSync } from 'node:fs'
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { isAlive } from '@ambassador/kit/process/process'

export type DataDirLock = { release(): void }

/**
 * Claims DATA_DIR for this process, so two servers (or the CLI while a server runs) never share one embedded
 * database. The lock file is created exclusively, so of two processes starting at once exactly one gets it. A
 * lock left by a process that no longer runs (a crash, SIGKILL) is taken over.
 */
export async function lockDataDir(dataDir: string, holder: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true })
  const file = path.join(dataDir, 'server.pid')
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n${holder}\n`, { flag: 'wx' })
      return lockOn(file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const [pidText, owner] = (await readFile(file, 'utf8').catch(() => '')).split('\n')
    const pid = Number(pidText)
    if (pid === process.pid) return lockOn(file)
    if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) {
      throw new Error(
        `${owner || 'Another Ambassador process'} (pid ${pid}) is using ${dataDir}. Stop it first, or use another DATA_DIR.`,
      )
    }
    if (!pidText) {
      await pause() // still being written by its creator
      continue
    }
    await removeDeadLock(file, pidText)
  }
  throw new Error(`Could not claim ${dataDir}: its lock keeps changing hands`)
}

/**
 * Removes a lock whose process is gone, once: only the process that creates the takeover file removes it, and only
 * if it still names the dead process (another may have claimed the data dir since). Then everyone races again.
 */
async function removeDeadLock(file: string, deadPid: string) {
  const takeover = `${file}.takeover`
  try {
    await writeFile(takeover, String(process.pid), { flag: 'wx' })
  } catch {
    // Someone else is taking over; a takeover file left by a crash stops counting after a few seconds.
    const age =
      Date.now() -
      (await stat(takeover)
        .then((s) => s.mtimeMs)
        .catch(() => Date.now()))
    if (age > 5_000) await rm(takeover, { force: true })
    await pause()
    return
  }
  try {
    const [current] = (await readFile(file, 'utf8').catch(() => '')).split('\n')
    if (current === deadPid) await rm(file, { force: true })
  } finally {
    await rm(takeover, { force: true })
  }
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 20))

function lockOn(file: string): DataDirLock {
  return {
    release() {
      try {
        const [pidText] = readFileSync(file, 'utf8').split('\n')
        if (Number(pidText) === process.pid) rmSync(file)
      } catch {}
    },
  }
}

function isRunning(pid: number): boolean {
  if (!isAlive(pid)) return false
  // A recycled pid belonging to something else is not our server.
  try {
    return /node|tsx/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))
  } catch {
    return true
  }
}
