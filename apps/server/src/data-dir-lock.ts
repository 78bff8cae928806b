import { existsSync, readFileSync, rmSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { isAlive } from '@ambassador/kit/process/process'

export type DataDirLock = { release(): void }

/**
 * Claims DATA_DIR for this process, so two servers (or the CLI while a server runs) never share one embedded
 * database. A lock left by a process that no longer runs (a crash, SIGKILL) is taken over.
 */
export async function lockDataDir(dataDir: string, holder: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true })
  const file = path.join(dataDir, 'server.pid')
  if (existsSync(file)) {
    const [pidText, owner] = (await readFile(file, 'utf8')).split('\n')
    const pid = Number(pidText)
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isRunning(pid)) {
      throw new Error(
        `${owner ?? 'Another Ambassador process'} (pid ${pid}) is using ${dataDir}. Stop it first, or use another DATA_DIR.`,
      )
    }
  }
  await writeFile(file, `${process.pid}\n${holder}\n`)
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
