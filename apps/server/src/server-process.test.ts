import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { findFreePort } from '@ambassador/kit/process/process'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runBlackBoxJourney } from '../../../scripts/black-box-journey.ts'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ambassador-server-'))
// The bundle `npm start` runs, built from these sources into a folder of this file's own (other test files may
// bundle at the same time); inside the repository, where Node finds the packages the bundle imports.
const bundle = mkdtempSync(path.join(root, 'apps/server/.build-'))

beforeAll(() => {
  execFileSync(process.execPath, ['apps/server/build.mjs', bundle], { cwd: root, stdio: 'inherit' })
})
const admin = { email: 'owner@example.com', password: 'owner-password' }
let port = 0
const started: ChildProcess[] = []

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL')
  // A postgres orphaned by the SIGKILL test is stopped by the last clean start; make sure nothing lingers.
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid')
  if (existsSync(pidFile)) {
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGINT')
    } catch {}
  }
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(bundle, { recursive: true, force: true })
})

// A test that fails with its server still up would leave the data dir claimed: the next test's server would be
// refused for that, hiding what the next test checks. Each test stops what it left running, gracefully.
afterEach(async () => {
  for (const child of started) {
    if (child.exitCode !== null || child.signalCode !== null) continue
    child.kill('SIGTERM')
    await exited(child)
  }
})

/** Starts `npm start`'s entry point as its own process and waits until it says it is serving. */
async function startServer(env: Record<string, string> = {}) {
  // Exactly what `npm start` runs after bundling: one node process, so signals reach the server itself.
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(bundle, 'main.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  started.push(child)
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 60 s:\n${output}`)), 60_000)
    const poll = setInterval(() => {
      if (output.includes('Ambassador is running')) {
        clearInterval(poll)
        clearTimeout(timer)
        resolve()
      }
    }, 50)
    child.once('exit', (code) => {
      clearInterval(poll)
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output}`))
    })
  })
  return { child, output: () => output }
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)))
}

async function adminOrderCount(baseUrl: string) {
  const login = await fetch(`${baseUrl}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  })
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? ''
  const orders = await fetch(`${baseUrl}/api/admin/orders`, { headers: { cookie } })
  return ((await orders.json()) as unknown[]).length
}

describe('the server process (npm start)', () => {
  it('serves a fresh DATA_DIR, passes the black-box journey, and stops cleanly on SIGTERM', async () => {
    port = await findFreePort()
    const server = await startServer()
    const baseUrl = `http://localhost:${port}`
    const summary = await runBlackBoxJourney({ baseUrl, adminEmail: admin.email, adminPassword: admin.password })
    expect(summary.commission).toBe(4.5)
    expect(await adminOrderCount(baseUrl)).toBe(1)

    server.child.kill('SIGTERM')
    expect(await exited(server.child)).toBe(0)
    expect(server.output()).not.toMatch(/error/i)
    expect(existsSync(path.join(dataDir, 'server.pid'))).toBe(false)
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false)
  })

  it('keeps its data across a restart', async () => {
    const server = await startServer()
    expect(await adminOrderCount(`http://localhost:${port}`)).toBe(1)
    server.child.kill('SIGTERM')
    expect(await exited(server.child)).toBe(0)
  })

  it('refuses a second server on the same DATA_DIR', async () => {
    const first = await startServer()
    await expect(startServer({ PORT: String(await findFreePort()) })).rejects.toThrow(/is using/)
    first.child.kill('SIGTERM')
    expect(await exited(first.child)).toBe(0)
  })

  it('recovers after being killed with SIGKILL, data intact', async () => {
    const killed = await startServer()
    killed.child.kill('SIGKILL')
    await exited(killed.child)
    // The embedded PostgreSQL outlives its parent; the next start must deal with it.
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true)
    const next = await startServer()
    expect(await adminOrderCount(`http://localhost:${port}`)).toBe(1)
    next.child.kill('SIGTERM')
    expect(await exited(next.child)).toBe(0)
  })

  it('completes every paid order after being killed while customers pay, and doubles none', async () => {
    const crashDir = mkdtempSync(path.join(os.tmpdir(), 'ambassador-crash-'))
    const crashPort = await findFreePort()
    const env = { DATA_DIR: crashDir, PORT: String(crashPort), CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000' }
    const base = `http://localhost:${crashPort}`
    const first = await startServer(env)
    const { code, productId } = await seedLink(base)

    // A hundred customers place, pay and confirm at once; the server is killed while they are at it.
    let paid = 0
    const shoppers = Array.from({ length: 100 }, (_, i) =>
      buy(base, code, productId, i, () => paid++).catch(() => 'cut off'),
    )
    while (paid < 10) await new Promise((resolve) => setTimeout(resolve, 5))
    first.child.kill('SIGKILL')
    await exited(first.child)
    await Promise.all(shoppers)

    const second = await startServer(env)
    const db = await embeddedDatabase(crashDir)
    try {
      // Every session the provider took money for ends in a completed order, without anyone confirming it.
      const deadline = Date.now() + 40_000
      let stuck = -1
      while (stuck !== 0 && Date.now() < deadline) {
        const result = await db.query(`
          SELECT count(*)::int AS stuck FROM checkout.test_payment_sessions s
          JOIN checkout.orders o ON o.id = s.order_id WHERE s.status = 'paid' AND o.status <> 'completed'`)
        stuck = result.rows[0].stuck
        if (stuck !== 0) await new Promise((resolve) => setTimeout(resolve, 250))
      }
      expect(stuck).toBe(0)
      const counts = await db.query(`
        SELECT (SELECT count(*)::int FROM checkout.test_payment_sessions WHERE status = 'paid') AS paid,
               (SELECT count(*)::int FROM (SELECT key FROM checkout.outbox WHERE type = 'order.completed'
                GROUP BY key HAVING count(*) > 1) twice) AS doubled`)
      expect(counts.rows[0].paid).toBeGreaterThanOrEqual(10)
      expect(counts.rows[0].doubled).toBe(0)
    } finally {
      await db.end()
      second.child.kill('SIGTERM')
      await exited(second.child)
      rmSync(crashDir, { recursive: true, force: true })
    }
  }, 120_000)
})

/** A product, an ambassador and a link of it, through the API; the admin is the one this file configures. */
async function seedLink(base: string) {
  const json = async (url: string, body: unknown, cookie = '') => {
    const response = await fetch(`${base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify(body),
    })
    return {
      body: (await response.json()) as Record<string, string>,
      cookie: response.headers.getSetCookie()[0]?.split(';')[0] ?? '',
    }
  }
  const adminCookie = (await json('/api/admin/login', admin)).cookie
  const product = await json(
    '/api/admin/products',
    { title: 'Lamp', description: 'A lamp', image: '', price: 20 },
    adminCookie,
  )
  const ambassador = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', password: 'analytical' }
  await json('/api/ambassador/register', { ...ambassador, password_confirm: ambassador.password })
  const cookie = (await json('/api/ambassador/login', ambassador)).cookie
  const link = await json('/api/ambassador/links', { products: [product.body.id] }, cookie)
  return { code: link.body.code as string, productId: product.body.id as string }
}

/** One customer: places an order, pays with the test card, confirms; `onPaid` once the provider took the money. */
async function buy(base: string, code: string, productId: string, n: number, onPaid: () => void) {
  const post = (url: string, body: unknown) =>
    fetch(new URL(url, base), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  const placed = (await (
    await post('/api/checkout/orders', {
      first_name: 'Shopper',
      last_name: String(n),
      email: `shopper${n}@example.com`,
      address: '1 Street',
      country: 'UK',
      city: 'London',
      zip: 'N1',
      code,
      products: [{ product_id: productId, quantity: 1 }],
    })
  ).json()) as { id: string; url: string }
  if ((await post(new URL(placed.url).pathname, { card_number: '4242 4242 4242 4242' })).status === 303) onPaid()
  await post('/api/checkout/orders/confirm', { source: placed.id })
}

/** The embedded PostgreSQL of a data dir, as its server left its address and credentials there. */
async function embeddedDatabase(dataDir: string) {
  const credentials = JSON.parse(readFileSync(path.join(dataDir, 'postgres-credentials.json'), 'utf8'))
  const port = readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3]
  const client = new pg.Client({
    host: '127.0.0.1',
    port: Number(port),
    user: credentials.user,
    password: credentials.password,
    database: 'ambassador',
  })
  await client.connect()
  return client
}
