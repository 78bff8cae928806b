import { type LoadResult, load, type Request } from './load.ts'
import type { MetricRow } from './report.ts'
import { BROWSER_USER_AGENT } from './scenarios.ts'
import { startServer } from './server.ts'

/** A server to start on the store's data: where, and how to sign in as its admin. */
export type TrackingSubject = {
  dataDir: string
  port: number
  log: string
  env: Record<string, string>
  admin: { email: string; password: string }
  codes: string[]
}

/** How many turns of each (off, on, off, on…): alternating evens out the machine's drift over the run. */
const ROUNDS = 2

/**
 * `GET /c/:code` — a link opened by a browser, which records a click and sets the referral cookie — with
 * CLICK_TRACKING on and off, in turns, each on a freshly started server on the same data (the issue: tracking on stays
 * within 10% of its throughput off). The server is stopped between turns; the other scenarios have finished by then.
 */
export async function clickTrackingPair(
  subject: TrackingSubject,
  options: { connections: number; seconds: number; progress: (text: string) => void },
): Promise<MetricRow[]> {
  const requests: Request[] = subject.codes.map((code) => ({
    method: 'GET',
    path: `/c/${code}?utm_source=bench&utm_medium=social`,
    headers: { 'accept-encoding': 'gzip, deflate, br', 'user-agent': BROWSER_USER_AGENT },
  }))
  const results = { on: [] as LoadResult[], off: [] as LoadResult[] }
  let recorder = { recorded: 0, queued: 0, dropped: 0, failed: 0 }
  for (let round = 0; round < ROUNDS; round++) {
    for (const tracking of ['off', 'on'] as const) {
      const env = { ...subject.env, CLICK_TRACKING: tracking === 'on' ? 'true' : 'false' }
      const server = await startServer({ dataDir: subject.dataDir, port: subject.port, log: subject.log, env })
      try {
        const result = await load(server.url, requests, options)
        results[tracking].push(result)
        options.progress(`GET /c/:code, click tracking ${tracking}: ${Math.round(result.rps)} req/s`)
        if (tracking === 'on') {
          const health = await clickHealth(server.url, subject.admin)
          recorder = {
            recorded: recorder.recorded + health.recorded,
            queued: recorder.queued + health.queued,
            dropped: recorder.dropped + health.dropped,
            failed: recorder.failed + health.failed,
          }
        }
      } finally {
        await server.stop()
      }
    }
  }
  const mean = (list: LoadResult[], pick: (r: LoadResult) => number) =>
    list.reduce((sum, r) => sum + pick(r), 0) / Math.max(1, list.length)
  const text = (list: LoadResult[]) =>
    `${Math.round(mean(list, (r) => r.rps)).toLocaleString('en-US')} req/s, p99 ${mean(list, (r) => r.p99).toFixed(1)} ms` +
    ` (${list.map((r) => Math.round(r.rps).toLocaleString('en-US')).join(' / ')}; errors ${list.reduce((s, r) => s + r.errors, 0)})`
  const ratio =
    mean(results.on, (r) => r.rps) /
    Math.max(
      1,
      mean(results.off, (r) => r.rps),
    )
  return [
    { metric: 'GET /c/:code, click tracking off', value: text(results.off), target: '—', pass: undefined },
    { metric: 'GET /c/:code, click tracking on', value: text(results.on), target: '—', pass: undefined },
    {
      metric: 'click tracking on ÷ off (throughput)',
      value: `${Math.round(ratio * 100)}%`,
      target: '≥ 90%',
      pass: ratio >= 0.9,
    },
    {
      metric: 'clicks while tracking was on',
      value: `${(recorder.recorded + recorder.queued).toLocaleString('en-US')} recorded or queued, ${recorder.dropped} dropped, ${recorder.failed} failed`,
      target: '0 dropped',
      pass: recorder.dropped === 0 && recorder.failed === 0,
    },
  ]
}

type Health = { recorded: number; queued: number; dropped: number; failed: number }

/** What the server's click recorder did since it started, asked as its admin. */
async function clickHealth(base: string, admin: { email: string; password: string }): Promise<Health> {
  const login = await fetch(`${base}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  })
  const token = /jwt=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1]
  if (!token) throw new Error(`admin login for the click health failed: ${login.status}`)
  const response = await fetch(`${base}/api/admin/clicks/health`, { headers: { authorization: `Bearer ${token}` } })
  if (!response.ok) throw new Error(`GET /api/admin/clicks/health answered ${response.status}`)
  return (await response.json()) as Health
}
