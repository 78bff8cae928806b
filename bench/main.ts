// npm run bench [-- --scale reference|100x|all] [--seconds 5] [--target URL] [--mode distributed] [--json file]
// Measures Ambassador as its users meet it: read scenarios against a same-size ceiling, orders end to end,
// read-model lag, cold start, memory and shutdown. See bench/README.md.
import { spawn } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '@ambassador/kit/config/config'
import { createLogger } from '@ambassador/kit/log/log'
import { findFreePort } from '@ambassador/kit/process/process'
import { hashPassword } from '@ambassador/users'
import pg from 'pg'
import { openDatabases } from '../apps/server/src/runtime.ts'
import { WEB_DIST } from '../apps/server/src/web-app.ts'
import { clickTrackingPair } from './click-tracking.ts'
import { BENCH_CATEGORIES, BENCH_PASSWORD, type BenchStore, generateStore, SCALES, type Scale } from './data.ts'
import { seedOverHttp } from './http-seed.ts'
import { type Ceiling, load, probe, startCeiling } from './load.ts'
import { buyOnce, orderBurst, orderClient, readModels, waitUntil } from './orders.ts'
import { type MetricRow, metricTable, type ReadRow, readTable } from './report.ts'
import { type ReadFixture, readScenarios } from './scenarios.ts'
import { bundleServer, cpuTimes, machineCpu, type RunningServer, startServer } from './server.ts'

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: 'all' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    'order-seconds': { type: 'string', default: '10' },
    target: { type: 'string' },
    mode: { type: 'string', default: 'embedded' },
    json: { type: 'string' },
    only: { type: 'string' },
    profile: { type: 'string' },
  },
})
const seconds = Number(args.seconds)
const connections = Number(args.connections)
const orderSeconds = Number(args['order-seconds'])
const scales = args.scale === 'all' ? Object.values(SCALES) : [SCALES[args.scale as Scale['name']]].filter(Boolean)
if (scales.length === 0) throw new Error(`unknown --scale ${args.scale}: reference, 100x or all`)
/** Whether a part of the run is wanted: all of it, or what --only names (a scenario, 'orders', 'npm start'). */
const wanted = (name: string) => !args.only || name.includes(args.only)
const print = (text = '') => process.stdout.write(`${text}\n`)
const progress = (text: string) => process.stderr.write(`· ${text}\n`)
const ms = (n: number | undefined) => (n === undefined ? 'timed out' : `${Math.round(n).toLocaleString('en-US')} ms`)

/** What the server is being asked to do right now, for the memory peak's label. */
const phase = { current: 'start' }

type ScaleReport = { scale: string; reads: ReadRow[]; metrics: MetricRow[] }

/** Logs in through the contract and returns the session token. */
async function logIn(base: string, area: 'admin' | 'ambassador', email: string, password: string) {
  const response = await fetch(`${base}/api/${area}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (!response.ok) throw new Error(`${area} login as ${email} failed: ${response.status} ${await response.text()}`)
  const cookie = response.headers.get('set-cookie') ?? ''
  const token = /jwt=([^;]+)/.exec(cookie)?.[1]
  if (!token) throw new Error(`${area} login gave no jwt cookie`)
  return token
}

/** Runs every read scenario: the ceiling for the same bytes first, then the server. */
async function runReads(base: string, ceiling: Ceiling, fixture: ReadFixture, scale: string): Promise<ReadRow[]> {
  const rows: ReadRow[] = []
  for (const scenario of readScenarios(fixture, scale)) {
    if (!wanted(scenario.name)) continue
    const first = scenario.requests[0]
    if (!first) continue
    const sample = await probe(base, first)
    if (sample.status >= 300)
      throw new Error(`${scenario.name}: ${first.path} answered ${sample.status}: ${sample.body}`)
    await ceiling.serve(sample)
    const clients = scenario.connections ?? connections
    const ceilingResult = await load(ceiling.url, [first], { connections: clients, seconds })
    phase.current = scenario.name
    const result = await load(base, scenario.requests, { connections: clients, seconds })
    progress(`${scale} ${scenario.name}: ${Math.round(result.rps)} req/s (ceiling ${Math.round(ceilingResult.rps)})`)
    phase.current = 'between scenarios'
    rows.push({ scenario: scenario.name, result, sample, ceiling: ceilingResult, target: scenario.target })
  }
  return rows
}

/** The web app's largest script, by its uncompressed size. */
async function largestAsset(): Promise<string | undefined> {
  const dir = path.join(WEB_DIST, 'assets')
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.js'))
  const sized = await Promise.all(files.map(async (f) => ({ f, size: (await stat(path.join(dir, f))).size })))
  return sized.sort((a, b) => b.size - a.size)[0]?.f
}

function searchTerms() {
  return ['ceramic', 'walnut', 'lamp', 'hoodie', 'travel', 'Premium Linen', 'bottle 12']
}

/** Writes the generated store into a fresh embedded data dir (the server stopped), timing the seed. */
async function seedEmbedded(dataDir: string, store: BenchStore) {
  const started = performance.now()
  const config = loadConfig({ DATA_DIR: dataDir, DEMO: 'false', LOG_LEVEL: 'silent' })
  const databases = await openDatabases(config, createLogger('silent'), 'npm run bench (seeding)')
  try {
    const { seedStore } = await import('./seed.ts')
    await seedStore(store, databases.urlFor, await hashPassword(BENCH_PASSWORD))
  } finally {
    await databases.close()
  }
  return performance.now() - started
}

/** Starts, times and stops the default `npm start` (demo store) on a fresh data dir, then restarts it. */
async function lifecycle(workDir: string): Promise<MetricRow[]> {
  const dataDir = path.join(workDir, 'demo')
  const port = await findFreePort()
  const log = path.join(workDir, 'demo.log')
  const bundleMs = bundleServer()
  const fresh = await startServer({ dataDir, port, log })
  const freshStop = await fresh.stop()
  const again = await startServer({ dataDir, port, log })
  await again.stop()
  progress(`npm start: fresh ${ms(fresh.startMs)}, restart ${ms(again.startMs)}`)
  return [
    { metric: 'npm start: bundling the server', value: ms(bundleMs), target: '—', pass: undefined },
    {
      metric: 'fresh start (npm start, demo store)',
      value: ms(fresh.startMs),
      target: '< 3,000 ms',
      pass: fresh.startMs < 3_000,
    },
    {
      metric: 'restart (existing data dir)',
      value: ms(again.startMs),
      target: '< 1,500 ms',
      pass: again.startMs < 1_500,
    },
    { metric: 'SIGTERM at rest', value: ms(freshStop.stopMs), target: '—', pass: undefined },
  ]
}

async function embeddedScale(scale: Scale, workDir: string, ceiling: Ceiling): Promise<ScaleReport> {
  const dataDir = path.join(workDir, scale.name)
  const port = await findFreePort()
  const log = path.join(workDir, `${scale.name}.log`)
  const env = { DEMO: 'false' }
  const empty = await startServer({ dataDir, port, log, env })
  await empty.stop()
  const store = generateStore(scale)
  const seedMs = await seedEmbedded(dataDir, store)
  progress(`${scale.name}: seeded ${store.products.length} products, ${store.orders.length} orders in ${ms(seedMs)}`)
  const profileDir = args.profile ? path.resolve(args.profile) : undefined
  const server = await startServer({ dataDir, port, log, env, profileDir })
  const metrics: MetricRow[] = [
    { metric: 'seed (bulk SQL)', value: ms(seedMs), target: '—', pass: undefined },
    { metric: 'start with this data', value: ms(server.startMs), target: '< 1,500 ms', pass: server.startMs < 1_500 },
  ]
  let peakRss = server.rssMb()
  let peakPhase = 'start'
  const sampler = setInterval(() => {
    const rss = server.rssMb()
    if (rss > peakRss) {
      peakRss = rss
      peakPhase = phase.current
    }
  }, 200)
  try {
    const busy = store.ambassadors[0]
    if (!busy) throw new Error('the store has no ambassador')
    const adminToken = await logIn(server.url, 'admin', store.admin.email, BENCH_PASSWORD)
    const ambassadorToken = await logIn(server.url, 'ambassador', busy.email, BENCH_PASSWORD)
    const fixture: ReadFixture = {
      adminToken,
      ambassadorToken,
      ambassadorLogin: { email: busy.email, password: BENCH_PASSWORD },
      codes: store.links.slice(0, 500).map((l) => l.code),
      searchTerms: searchTerms(),
      categories: BENCH_CATEGORIES.map((name) => name.toLowerCase()),
      largestAsset: await largestAsset(),
      pages: true,
    }
    const reads = await runReads(server.url, ceiling, fixture, scale.name)
    if (wanted('orders end to end')) {
      const product = store.products[0]
      if (!product) throw new Error('the store has no product')
      metrics.push(
        ...(await ordersAndLag({
          base: server.url,
          pid: server.pid,
          adminToken,
          ambassadorToken,
          ambassadorName: `${busy.firstName} ${busy.lastName}`,
          product,
          ordersTarget: 500,
        })),
      )
    }
    metrics.push({
      metric: 'Node RSS, peak under load',
      value: `${Math.round(peakRss)} MB (during ${peakPhase})`,
      target: '< 300 MB',
      pass: peakRss < 300,
    })
    metrics.push(...(await stopUnderLoad(server, fixture.codes)))
    if (wanted('click tracking')) {
      const subject = { dataDir, log, env, admin: { email: store.admin.email, password: BENCH_PASSWORD } }
      metrics.push(
        ...(await clickTrackingPair(
          { ...subject, codes: fixture.codes },
          { connections, seconds, progress, profileDir },
        )),
      )
    }
    return { scale: scale.name, reads, metrics }
  } finally {
    clearInterval(sampler)
    await server.stop().catch(() => {})
  }
}

/** Orders end to end, then how long each read model takes to show them (after a burst, and at rest). */
type OrderSubject = {
  base: string
  /** The server process (embedded), whose CPU and its PostgreSQL's per order are reported. */
  pid?: number
  adminToken: string
  ambassadorToken: string
  /** The ambassador's key in the rankings ("First Last"). */
  ambassadorName: string
  product: { id: string; priceMinor: number }
  ordersTarget: number
}

async function ordersAndLag(subject: OrderSubject) {
  const { base: url, product, ordersTarget } = subject
  const tokens = subject
  const client = orderClient(url, connections)
  const auth = { authorization: `Bearer ${tokens.ambassadorToken}`, 'content-type': 'application/json' }
  const created = await fetch(`${url}/api/ambassador/links`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ products: [product.id] }),
  })
  if (created.status !== 201) throw new Error(`creating the burst link failed: ${created.status}`)
  const linkCreatedAt = performance.now()
  const link = (await created.json()) as { code: string }
  const firstLook = await fetch(`${url}/api/checkout/links/${link.code}`)
  const linkVisible = firstLook.ok
    ? performance.now() - linkCreatedAt
    : await waitUntil(async () => (await fetch(`${url}/api/checkout/links/${link.code}`)).ok, 30_000).then((waited) =>
        waited === undefined ? undefined : performance.now() - linkCreatedAt,
      )

  const views = readModels(client, { ambassador: tokens.ambassadorToken, admin: tokens.adminToken }, link)
  const busyName = subject.ambassadorName
  const revenueBefore = await views.revenue()
  const commissionMinor = Math.floor((product.priceMinor * 1_000 + 5_000) / 10_000)
  const caughtUp = (orders: number, lastEmail: string) => async () => {
    const expected = (Math.round(revenueBefore * 100) + orders * commissionMinor) / 100
    const [count, revenue, ranking, emails] = await Promise.all([
      views.statsCount(),
      views.revenue(),
      views.ranking(busyName),
      views.adminEmails(),
    ])
    return count === orders && revenue === expected && ranking === expected && emails.includes(lastEmail)
  }

  const cpuBefore = subject.pid ? cpuTimes(subject.pid) : undefined
  const benchBefore = process.cpuUsage()
  const machineBefore = machineCpu()
  phase.current = 'the order burst'
  const burst = await orderBurst(client, {
    clients: connections,
    seconds: orderSeconds,
    code: link.code,
    productId: product.id,
    first: 0,
  })
  const cpuAfter = subject.pid ? cpuTimes(subject.pid) : undefined
  const benchCpu = process.cpuUsage(benchBefore)
  const machineAfter = machineCpu()
  const busy = (machineAfter.busyMs - machineBefore.busyMs) / (machineAfter.totalMs - machineBefore.totalMs)
  const perOrder = (ms: number) => (burst.orders > 0 ? (ms / burst.orders).toFixed(2) : '—')
  const machine = `machine ${perOrder(machineAfter.busyMs - machineBefore.busyMs)} ms (its CPUs ${Math.round(busy * 100)}% busy)`
  const loadGenerator = `load generator ${perOrder((benchCpu.user + benchCpu.system) / 1000)} ms`
  const cpuPerOrder =
    cpuBefore && cpuAfter
      ? `server ${perOrder(cpuAfter.nodeMs - cpuBefore.nodeMs)} ms, PostgreSQL ${perOrder(cpuAfter.childrenMs - cpuBefore.childrenMs)} ms, ${loadGenerator}`
      : loadGenerator
  const cpuText = `${cpuPerOrder}; ${machine}`
  const burstLag = await waitUntil(caughtUp(burst.orders, burst.lastEmail), 120_000)
  progress(
    `orders: ${Math.round(burst.perSecond)}/s (${burst.orders} ok, ${burst.failed} failed), caught up in ${ms(burstLag)}`,
  )

  const restOrder = burst.orders + 1_000_000
  const ok = await buyOnce(client, restOrder, link.code, product.id)
  const restLag = ok
    ? await waitUntil(caughtUp(burst.orders + 1, `burst-${restOrder}@shoppers.test`), 30_000)
    : undefined
  await client.agent.close()
  return [
    {
      metric: `orders end to end (${connections} shoppers, ${orderSeconds} s)`,
      value: `${Math.round(burst.perSecond)}/s (${burst.orders} orders, ${burst.failed} failed)`,
      target: `≥ ${ordersTarget.toLocaleString('en-US')}/s`,
      pass: burst.perSecond >= ordersTarget && burst.failed === 0,
    },
    { metric: 'CPU per order during the burst', value: cpuText, target: '—', pass: undefined },
    {
      metric: 'read models after the burst (stats, user, rankings, admin)',
      value: ms(burstLag),
      target: '< 2,000 ms',
      pass: burstLag !== undefined && burstLag < 2_000,
    },
    {
      metric: 'read models at rest (one order)',
      value: ms(restLag),
      target: '< 100 ms',
      pass: restLag !== undefined && restLag < 100,
    },
    {
      metric: 'new link answers at checkout',
      value: firstLook.ok ? 'at once' : `after ${ms(linkVisible)}`,
      target: 'at once',
      pass: firstLook.ok,
    },
  ] satisfies MetricRow[]
}

/** SIGTERM while reads and orders are in flight: how long until the process is gone, and is PostgreSQL stopped. */
async function stopUnderLoad(server: RunningServer, codes: string[]): Promise<MetricRow[]> {
  const reads = load(
    server.url,
    codes.map((code) => ({ method: 'GET', path: `/api/checkout/links/${code}` })),
    { connections, seconds: 6 },
  ).catch(() => undefined)
  const client = orderClient(server.url, 20)
  const [link] = codes
  const orders = link
    ? orderBurst(client, {
        clients: 20,
        seconds: 6,
        code: link,
        productId: '00000000-0000-7000-8000-000000000000',
        first: 2_000_000,
      }).catch(() => undefined)
    : undefined
  await new Promise((resolve) => setTimeout(resolve, 2_000))
  const stopped = await server.stop()
  await Promise.all([reads, orders])
  await client.agent.close().catch(() => {})
  progress(
    `SIGTERM under load: ${ms(stopped.stopMs)}, exit ${stopped.exitCode}, postgres stopped: ${stopped.postgresStopped}`,
  )
  return [
    {
      metric: 'SIGTERM under load: drained and exited',
      value: `${ms(stopped.stopMs)} (exit ${stopped.exitCode})`,
      target: '< 10,000 ms',
      pass: stopped.stopMs < 10_000 && stopped.exitCode === 0,
    },
    {
      metric: 'embedded PostgreSQL stopped with it',
      value: stopped.postgresStopped ? 'yes' : 'NO',
      target: 'yes',
      pass: stopped.postgresStopped,
    },
  ]
}

/** The reference scale seeded through the HTTP API of a running server, then its reads, orders and lag. */
async function againstServer(base: string, ceiling: Ceiling, ordersTarget: number): Promise<ScaleReport> {
  const email = process.env.BENCH_ADMIN_EMAIL ?? process.env.ADMIN_EMAIL
  const password = process.env.BENCH_ADMIN_PASSWORD ?? process.env.ADMIN_PASSWORD
  if (!email || !password) throw new Error('set BENCH_ADMIN_EMAIL and BENCH_ADMIN_PASSWORD: an admin of that server')
  const started = performance.now()
  const seeded = await seedOverHttp(base, { email, password })
  progress(`seeded through the API in ${ms(performance.now() - started)} (${seeded.orders} orders paid)`)
  const fixture: ReadFixture = {
    adminToken: seeded.adminToken,
    ambassadorToken: seeded.ambassadorToken,
    ambassadorLogin: { email: seeded.ambassadorEmail, password: BENCH_PASSWORD },
    codes: seeded.codes,
    searchTerms: searchTerms(),
    // A store seeded through the API has no categories: the shop searches run across the whole catalog.
    categories: [],
    pages: (await fetch(`${base}/c/${seeded.codes[0]}`).catch(() => undefined))?.ok ?? false,
  }
  const reads = await runReads(base, ceiling, fixture, 'reference')
  const metrics: MetricRow[] = []
  const product = seeded.products[0]
  if (wanted('orders end to end') && seeded.orders > 0 && product) {
    metrics.push(
      ...(await ordersAndLag({
        base,
        adminToken: seeded.adminToken,
        ambassadorToken: seeded.ambassadorToken,
        ambassadorName: seeded.ambassadorName,
        product,
        ordersTarget,
      })),
    )
  }
  return { scale: 'reference (seeded through the API)', reads, metrics }
}

/** `npm run dist:up` on a namespace of its own (databases, topics, cache keys), measured through the gateway. */
async function distributed(workDir: string, ceiling: Ceiling): Promise<{ report: ScaleReport; life: MetricRow[] }> {
  const run = `bench${Date.now().toString(36)}`
  const gatewayPort = await freePortRange(6)
  const admin = { email: 'admin@bench.test', password: BENCH_PASSWORD }
  const env = {
    ...process.env,
    DIST_DIR: path.join(workDir, 'dist'),
    DIST_DB_PREFIX: `${run}_`,
    KAFKA_TOPIC_PREFIX: `${run}-`,
    REDIS_KEY_PREFIX: `${run}:`,
    GATEWAY_PORT: String(gatewayPort),
    DIST_BASE_PORT: String(gatewayPort + 1),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'warn',
  }
  const started = performance.now()
  await runScript('scripts/dist-up.sh', env)
  const upMs = performance.now() - started
  progress(`dist:up in ${ms(upMs)}`)
  try {
    process.env.BENCH_ADMIN_EMAIL = admin.email
    process.env.BENCH_ADMIN_PASSWORD = admin.password
    const report = await againstServer(`http://127.0.0.1:${gatewayPort}`, ceiling, 1_000)
    const life = [{ metric: 'dist:up (broker, five services, gateway)', value: ms(upMs), target: '—', pass: undefined }]
    return { report, life }
  } finally {
    await runScript('scripts/dist-down.sh', env).catch((error) => progress(`dist:down failed: ${error}`))
    await dropDatabases(env.DIST_DB_PREFIX).catch((error) => progress(`dropping the bench databases failed: ${error}`))
  }
}

/** The first of `count` consecutive free ports, below the kernel's ephemeral range (where clients' ports come from). */
async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = 20_000 + Math.floor(Math.random() * 10_000)
    const free = await Promise.all(Array.from({ length: count }, (_, i) => portIsFree(first + i)))
    if (free.every(Boolean)) return first
  }
  throw new Error('no range of free ports found')
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

function runScript(script: string, env: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const cwd = path.resolve(import.meta.dirname, '..')
    const child = spawn(script, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] })
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))))
  })
}

/** Drops the databases a distributed run made (their names start with the run's prefix). */
async function dropDatabases(prefix: string) {
  const url = process.env.DIST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const found = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${prefix}%`,
    ])
    for (const { datname } of found.rows) {
      await client.query(`DROP DATABASE ${client.escapeIdentifier(datname)} WITH (FORCE)`)
    }
  } finally {
    await client.end()
  }
}

async function main() {
  const started = performance.now()
  const workDir = await mkdtemp(path.join(tmpdir(), 'ambassador-bench-'))
  await chmod(workDir, 0o711) // as root, the embedded PostgreSQL runs as `postgres` and must pass through it
  const ceiling = await startCeiling()
  const reports: ScaleReport[] = []
  let life: MetricRow[] = []
  const mode = args.target ? `against ${args.target}` : args.mode
  try {
    if (args.target) reports.push(await againstServer(args.target, ceiling, 500))
    else if (args.mode === 'distributed') {
      const result = await distributed(workDir, ceiling)
      reports.push(result.report)
      life = result.life
    } else {
      if (wanted('npm start')) life = await lifecycle(workDir)
      else bundleServer()
      for (const scale of scales) reports.push(await embeddedScale(scale, workDir, ceiling))
    }
  } finally {
    ceiling.close()
  }
  print(`\n# npm run bench — ${mode}, ${connections} connections, ${seconds} s per scenario, Node ${process.version}\n`)
  if (life.length > 0) print(`${metricTable(life)}\n`)
  for (const report of reports) {
    print(`## ${report.scale}\n\n${readTable(report.reads)}\n\n${metricTable(report.metrics)}\n`)
  }
  print(`whole run: ${Math.round((performance.now() - started) / 1000)} s`)
  const file = args.json ?? path.join('bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(
    file,
    JSON.stringify(
      {
        node: process.version,
        connections,
        seconds,
        lifecycle: life,
        scales: reports.map((r) => ({
          ...r,
          reads: r.reads.map(({ sample, ...row }) => ({ ...row, bytes: sample.bytes, encoding: sample.encoding })),
        })),
      },
      null,
      2,
    ),
  )
  print(`results: ${file}`)
  await rm(workDir, { recursive: true, force: true })
}

await main()
