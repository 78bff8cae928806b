import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { findFreePort } from '@ambassador/kit/process/process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
})
