import { spawn } from 'node:child_process'
import http from 'node:http'
import path from 'node:path'
import autocannon from 'autocannon'

export type Request = { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string }

export type LoadResult = {
  rps: number
  p50: number
  p99: number
  /** Connection errors, timeouts and answers other than 2xx/3xx. */
  errors: number
  requests: number
}

export type Sample = { status: number; bytes: number; encoding: string; type: string; body: Buffer }

/** Sends one request and keeps the body exactly as it came over the wire (still compressed). */
export function probe(base: string, request: Request): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.path, base)
    const req = http.request(
      url,
      {
        method: request.method,
        headers: { ...request.headers, ...(request.body ? { 'content-length': Buffer.byteLength(request.body) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const body = Buffer.concat(chunks)
          resolve({
            status: res.statusCode ?? 0,
            bytes: body.length,
            encoding: String(res.headers['content-encoding'] ?? 'identity'),
            type: String(res.headers['content-type'] ?? ''),
            body,
          })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(request.body)
  })
}

/** Runs requests against `base` with autocannon: `connections` at once for `seconds`, rotating through `requests`. */
export async function load(base: string, requests: Request[], options: { connections: number; seconds: number }) {
  let next = 0
  const result = await autocannon({
    url: base,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        setupRequest: (req) => {
          const chosen = requests[next++ % requests.length] as Request
          return { ...req, method: chosen.method, path: chosen.path, headers: chosen.headers ?? {}, body: chosen.body }
        },
      },
    ],
  })
  const failed = result.errors + result.timeouts + result.non2xx - (result['3xx'] ?? 0)
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: Math.max(0, failed),
    requests: result.requests.total,
  } satisfies LoadResult
}

export type Ceiling = { url: string; serve(sample: Sample): Promise<void>; close(): void }

/** Starts the ceiling server (a bare Fastify route) in its own process. */
export async function startCeiling(): Promise<Ceiling> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'ceiling-server.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()))
    child.once('exit', () => reject(new Error('the ceiling server exited')))
  })
  return {
    url,
    async serve(sample) {
      const query = new URLSearchParams({ type: sample.type })
      if (sample.encoding !== 'identity') query.set('encoding', sample.encoding)
      const response = await fetch(`${url}/__body?${query}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: sample.body,
      })
      if (!response.ok) throw new Error(`the ceiling server refused the body: ${response.status}`)
    },
    close: () => child.kill(),
  }
}
