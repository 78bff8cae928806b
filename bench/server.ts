import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

const repo = path.resolve(import.meta.dirname, '..')

export type RunningServer = {
  url: string
  pid: number
  /** Milliseconds from spawning the process until /health/ready answered 200. */
  startMs: number
  /** Resident memory of the Node process now, in MB. */
  rssMb(): number
  /** Sends SIGTERM; resolves with how long the process took to exit and whether its PostgreSQL stopped too. */
  stop(): Promise<{ stopMs: number; exitCode: number | null; postgresStopped: boolean }>
}

/** Bundles the server as `npm start` does (apps/server/build.mjs); returns how long it took. */
export function bundleServer(): number {
  const started = performance.now()
  execFileSync(process.execPath, ['apps/server/build.mjs'], { cwd: repo, stdio: 'inherit' })
  return performance.now() - started
}

/** Starts the bundled server the way `npm start` does, on a free port, and waits until it is ready. */
export async function startServer(options: {
  dataDir: string
  port: number
  env?: Record<string, string>
  log: string
  /** Writes a V8 CPU profile of the server into this directory when it stops (`--profile`). */
  profileDir?: string
}) {
  const url = `http://127.0.0.1:${options.port}`
  const started = performance.now()
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []
  const child = spawn(process.execPath, [...profile, '--enable-source-maps', 'apps/server/dist/main.js'], {
    cwd: repo,
    env: {
      ...process.env,
      DATA_DIR: options.dataDir,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const log = createWriteStream(options.log, { flags: 'a' })
  child.stdout?.pipe(log)
  child.stderr?.pipe(log)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  let gone = false
  void exited.then(() => {
    gone = true
  })
  while (!gone) {
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    )
    if (ready) break
    await sleep(10)
  }
  if (gone) throw new Error(`the server exited before it was ready; see ${options.log}`)
  const startMs = performance.now() - started
  return running(child, exited, url, startMs, options.dataDir)
}

function running(child: ChildProcess, exited: Promise<number | null>, url: string, startMs: number, dataDir: string) {
  const pid = child.pid as number
  return {
    url,
    pid,
    startMs,
    rssMb: () => rssOf(pid),
    async stop() {
      const asked = performance.now()
      child.kill('SIGTERM')
      const exitCode = await exited
      const stopMs = performance.now() - asked
      return { stopMs, exitCode, postgresStopped: !postgresRunning(dataDir) }
    },
  } satisfies RunningServer
}

/** The resident set size of a process in MB (0 once it is gone). */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
    return kb / 1024
  } catch {
    return 0
  }
}

/** Whether the embedded PostgreSQL of a data dir is still running (its postmaster.pid names a live process). */
export function postgresRunning(dataDir: string): boolean {
  const file = path.join(dataDir, 'postgres', 'postmaster.pid')
  if (!existsSync(file)) return false
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0])
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const TICKS_PER_SECOND = 100 // USER_HZ on Linux

/** CPU time (ms) used so far by a process and, separately, by all its descendants (the embedded PostgreSQL). */
export function cpuTimes(pid: number): { nodeMs: number; childrenMs: number } {
  const stats = new Map<number, { ppid: number; ms: number }>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // The command name may contain spaces: fields start after its closing parenthesis.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
      const ticks = Number(fields[11]) + Number(fields[12])
      stats.set(Number(entry), { ppid: Number(fields[1]), ms: (ticks * 1000) / TICKS_PER_SECOND })
    } catch {}
  }
  const isDescendant = (p: number): boolean => {
    for (let current = stats.get(p)?.ppid; current !== undefined && current > 1; current = stats.get(current)?.ppid) {
      if (current === pid) return true
    }
    return false
  }
  let childrenMs = 0
  for (const [p, stat] of stats) if (isDescendant(p)) childrenMs += stat.ms
  return { nodeMs: stats.get(pid)?.ms ?? 0, childrenMs }
}

/** The machine's CPU time so far, busy and in all (ms, summed over cores), from /proc/stat. */
export function machineCpu(): { busyMs: number; totalMs: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number)
  const total = fields.reduce((sum, value) => sum + value, 0)
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
  return { busyMs: ((total - idle) * 1000) / TICKS_PER_SECOND, totalMs: (total * 1000) / TICKS_PER_SECOND }
}
