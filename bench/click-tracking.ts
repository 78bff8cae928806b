import { execFileSync } from 'node:child_process'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { findFreePort } from '@ambassador/kit/process/process'
import { type LoadResult, load, type Request } from './load.ts'
import type { MetricRow } from './report.ts'
import { BROWSER_USER_AGENT } from './scenarios.ts'
import { cpuTimes, type RunningServer, startServer } from './server.ts'

/** A server to start on the store's data (stopped): where, and how to sign in as its admin. */
export type TrackingSubject = {
  dataDir: string
  log: string
  env: Record<string, string>
  admin: { email: string; password: string }
  codes: string[]
}

/** Turns of each (off, on, off, on…). This machine's speed drifts by tens of percent within a minute: many short
 * turns, side by side in time, average that out where two long ones measured the drift instead. */
const TURNS = 8

type Spent = { node: number; postgres: number; bench: number; requests: number }

/**
 * `GET /c/:code` — a link opened by a browser, which records a click and sets the referral cookie — with
 * CLICK_TRACKING off and on (the issue: on stays within 10% of its throughput off). Two servers, one per setting, each
 * on its own copy of the store, run at once; the load goes to one, then the other, in short turns. Only the server
 * under load does work (the other idles), and each is measured over the same stretch of the machine's time.
 */
export async function clickTrackingPair(
  subject: TrackingSubject,
  options: {
    connections: number
    seconds: number
    progress: (text: string) => void
    /** With `--profile`: each server writes its V8 CPU profile into a `click-tracking-<off|on>` directory here. */
    profileDir?: string
  },
): Promise<MetricRow[]> {
  const requests: Request[] = subject.codes.map((code) => ({
    method: 'GET',
    path: `/c/${code}?utm_source=bench&utm_medium=social`,
    headers: { 'accept-encoding': 'gzip, deflate, br', 'user-agent': BROWSER_USER_AGENT },
  }))
  const turnSeconds = Math.max(2, options.seconds / 2)
  const copy = `${subject.dataDir}-tracking-on`
  execFileSync('cp', ['-a', subject.dataDir, copy]) // -a: the embedded PostgreSQL's files keep their owner
  const servers: Record<'on' | 'off', RunningServer | undefined> = { on: undefined, off: undefined }
  try {
    for (const tracking of ['off', 'on'] as const) {
      servers[tracking] = await startServer({
        dataDir: tracking === 'on' ? copy : subject.dataDir,
        port: await findFreePort(),
        log: subject.log,
        env: { ...subject.env, CLICK_TRACKING: tracking === 'on' ? 'true' : 'false' },
        profileDir: options.profileDir && path.join(options.profileDir, `click-tracking-${tracking}`),
      })
    }
    const results = { on: [] as LoadResult[], off: [] as LoadResult[] }
    const cpu: Record<'on' | 'off', Spent> = {
      on: { node: 0, postgres: 0, bench: 0, requests: 0 },
      off: { node: 0, postgres: 0, bench: 0, requests: 0 },
    }
    for (let turn = 0; turn < TURNS; turn++) {
      for (const tracking of ['off', 'on'] as const) {
        const server = servers[tracking] as RunningServer
        const before = cpuTimes(server.pid)
        const benchBefore = process.cpuUsage()
        const result = await load(server.url, requests, { connections: options.connections, seconds: turnSeconds })
        const after = cpuTimes(server.pid)
        const benchCpu = process.cpuUsage(benchBefore)
        results[tracking].push(result)
        const spent = cpu[tracking]
        spent.node += after.nodeMs - before.nodeMs
        spent.postgres += after.childrenMs - before.childrenMs
        spent.bench += (benchCpu.user + benchCpu.system) / 1_000
        spent.requests += result.requests
      }
    }
    const tracked = servers.on as RunningServer
    await flushClicks(tracked.url, subject.admin)
    const recorder = await clickHealth(tracked.url, subject.admin)
    const mean = (list: LoadResult[], pick: (r: LoadResult) => number) =>
      list.reduce((sum, r) => sum + pick(r), 0) / Math.max(1, list.length)
    const rps = { on: mean(results.on, (r) => r.rps), off: mean(results.off, (r) => r.rps) }
    const ratio = rps.on / Math.max(1, rps.off)
    const text = (list: LoadResult[]) =>
      `${Math.round(mean(list, (r) => r.rps)).toLocaleString('en-US')} req/s, p99 ${mean(list, (r) => r.p99).toFixed(1)} ms` +
      ` (turns ${Math.round(Math.min(...list.map((r) => r.rps))).toLocaleString('en-US')}–${Math.round(Math.max(...list.map((r) => r.rps))).toLocaleString('en-US')}; errors ${list.reduce((s, r) => s + r.errors, 0)})`
    options.progress(`GET /c/:code, click tracking off ${Math.round(rps.off)} req/s, on ${Math.round(rps.on)} req/s`)
    const perThousand = (side: Spent) => {
      const per = (ms: number) => ((ms * 1_000) / Math.max(1, side.requests)).toFixed(0)
      return `server ${per(side.node)} ms, PostgreSQL ${per(side.postgres)} ms, load generator ${per(side.bench)} ms`
    }
    const clicks = cpu.on.requests
    return [
      { metric: 'GET /c/:code, click tracking off', value: text(results.off), target: '—', pass: undefined },
      { metric: 'GET /c/:code, click tracking on', value: text(results.on), target: '—', pass: undefined },
      {
        metric: `click tracking on ÷ off (throughput, ${TURNS} turns of ${turnSeconds} s each)`,
        value: `${Math.round(ratio * 100)}%`,
        target: '≥ 90%',
        pass: ratio >= 0.9,
      },
      { metric: 'CPU per 1,000 link opens, tracking off', value: perThousand(cpu.off), target: '—', pass: undefined },
      { metric: 'CPU per 1,000 link opens, tracking on', value: perThousand(cpu.on), target: '—', pass: undefined },
      {
        metric: 'clicks while tracking was on',
        value: `${clicks.toLocaleString('en-US')} opened, ${recorder.recorded.toLocaleString('en-US')} recorded, ${recorder.queued} queued, ${recorder.dropped} dropped, ${recorder.failed} failed`,
        target: 'all recorded (≥ opened: a turn ends with some in flight)',
        pass: recorder.recorded >= clicks && recorder.dropped === 0 && recorder.failed === 0,
      },
    ]
  } finally {
    await Promise.all(Object.values(servers).map((server) => server?.stop()))
    await rm(copy, { recursive: true, force: true })
  }
}

type Health = { recorded: number; queued: number; dropped: number; failed: number }

async function adminToken(base: string, admin: { email: string; password: string }): Promise<string> {
  const login = await fetch(`${base}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  })
  const token = /jwt=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1]
  if (!token) throw new Error(`admin login for the click health failed: ${login.status}`)
  return token
}

/** Waits (at most 10 s) until the recorder's queue is empty: its worker writes what is left within a second. */
async function flushClicks(base: string, admin: { email: string; password: string }): Promise<void> {
  const deadline = Date.now() + 10_000
  while ((await clickHealth(base, admin)).queued > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** What the server's click recorder did since it started, asked as its admin. */
async function clickHealth(base: string, admin: { email: string; password: string }): Promise<Health> {
  const token = await adminToken(base, admin)
  const response = await fetch(`${base}/api/admin/clicks/health`, { headers: { authorization: `Bearer ${token}` } })
  if (!response.ok) throw new Error(`GET /api/admin/clicks/health answered ${response.status}`)
  return (await response.json()) as Health
}
