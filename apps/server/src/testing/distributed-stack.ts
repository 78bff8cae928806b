import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { SERVICE_NAMES } from '@ambassador/kit/config/config'
import pg from 'pg'
import { expect, it } from 'vitest'
import { Session } from '../../../../scripts/black-box-journey.ts'

/**
 * The platform as `npm run dist:up` runs it — a process per service, PostgreSQL, Redis, the nginx gateway and an event
 * broker (Apache Kafka, or RabbitMQ with `--broker rabbitmq`) — for the distributed tests. Each stack owns its broker,
 * Redis and ports, so a test may stop and restart them; its databases live on TEST_DATABASE_URL's server.
 */
export type Broker = 'kafka' | 'rabbitmq'

export const stackAdmin = { email: 'ops@example.com', password: 'ops-password' }

const run = promisify(execFile)
const root = fileURLToPath(new URL('../../../..', import.meta.url))

export type DistributedStack = {
  broker: Broker
  /** The gateway's URL: everything a client does goes through it. */
  gateway: string
  /** DIST_DIR: the run's state (env files, pid files, logs, the mail catcher's mail). */
  dir: string
  /** Runs one of scripts/ with the stack's environment. */
  script(name: string, ...args: string[]): Promise<unknown>
  stopBroker(): Promise<void>
  startBroker(): Promise<void>
  stopRedis(): Promise<void>
  startRedis(): Promise<void>
  /** The pid of a service's process. */
  pidOf(service: string): number
  /** The name of a service's database on the test server. */
  database(service: string): string
  postgres: string
  /** Stops everything it started and drops its databases. */
  down(): Promise<void>
}

export async function startDistributedStack(broker: Broker): Promise<DistributedStack> {
  const postgres = process.env.TEST_DATABASE_URL
  if (!postgres)
    throw new Error('the distributed test needs TEST_DATABASE_URL (a PostgreSQL it may create databases on)')
  const tools = ['nginx', 'redis-server', 'psql', 'openssl', broker === 'kafka' ? 'java' : 'rabbitmq-server']
  for (const tool of tools) {
    await run('bash', ['-c', `command -v ${tool}`]).catch(() => {
      throw new Error(`the distributed test needs ${tool} on the PATH`)
    })
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), `ambassador-dist-${broker}-`))
  const redisPort = await consecutiveFreePorts(1)
  const gatewayPort = await consecutiveFreePorts(1)
  const brokerPort = await consecutiveFreePorts(2)
  const dbPrefix = `t${randomBytes(4).toString('hex')}_`
  // Its own bundle and mail catcher: the Kafka and RabbitMQ stacks run at the same time, in parallel test files.
  const bundle = path.join(root, 'apps/server', `.build-${path.basename(dir)}`)
  const env: Record<string, string> = {
    DIST_DIR: dir,
    DIST_BUNDLE_DIR: bundle,
    MAIL_CATCHER_PORT: String(await consecutiveFreePorts(1)),
    GATEWAY_PORT: String(gatewayPort),
    DIST_BASE_PORT: String(await consecutiveFreePorts(SERVICE_NAMES.length)),
    DIST_POSTGRES_URL: postgres,
    DIST_DB_PREFIX: dbPrefix,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    ADMIN_EMAIL: stackAdmin.email,
    ADMIN_PASSWORD: stackAdmin.password,
    // Every order here comes from one address: the limit a crowd of shoppers would never reach.
    CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000',
    PAYOUT_MINIMUM: '5',
    LOG_LEVEL: 'warn',
    ...(broker === 'kafka'
      ? { KAFKA_DIR: path.join(dir, 'kafka'), KAFKA_PORT: String(brokerPort) }
      : {
          DIST_BROKER: 'rabbitmq',
          RABBITMQ_DIR: path.join(dir, 'rabbitmq'),
          RABBITMQ_PORT: String(brokerPort),
          RABBITMQ_URL: `amqp://guest:guest@127.0.0.1:${brokerPort}`,
          // The broker is this stack's own node (scripts/rabbitmq.sh): dist-up must not start the machine's servers,
          // nor dist-down stop the Kafka broker of the tests beside this one.
          DIST_SKIP_SERVERS: '1',
          KEEP_KAFKA: '1',
        }),
  }
  const script = (name: string, ...args: string[]) =>
    run(path.join(root, 'scripts', name), args, { cwd: root, env: { ...process.env, ...env }, timeout: 180_000 })
  const brokerScript = broker === 'kafka' ? 'kafka.sh' : 'rabbitmq.sh'

  let redis: ChildProcess | undefined
  const startRedis = async () => {
    redis = spawn(
      'redis-server',
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    )
    await waitFor(
      async () =>
        (await run('redis-cli', ['-p', String(redisPort), 'ping']).then(
          (r) => r.stdout.includes('PONG'),
          () => false,
        )) || undefined,
      10_000,
      'Redis',
    )
  }
  const stopRedis = async () => {
    const child = redis
    redis = undefined
    if (!child || child.exitCode !== null) return
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))
  }

  const down = async () => {
    await script('dist-down.sh').catch(() => {})
    if (broker === 'rabbitmq') await script(brokerScript, 'stop').catch(() => {})
    await stopRedis()
    const client = new pg.Client({ connectionString: postgres })
    await client.connect()
    for (const s of SERVICE_NAMES) {
      await client
        .query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(dbPrefix + s)} WITH (FORCE)`)
        .catch(() => {})
    }
    await client.end()
    rmSync(dir, { recursive: true, force: true })
    rmSync(bundle, { recursive: true, force: true })
  }

  try {
    await startRedis()
    if (broker === 'rabbitmq') await script(brokerScript, 'start')
    await script('dist-up.sh')
  } catch (error) {
    // A stack that failed to start leaves nothing running: the caller never gets it to take down.
    await down()
    throw error
  }

  return {
    broker,
    gateway: `http://localhost:${gatewayPort}`,
    dir,
    postgres,
    script,
    stopBroker: async () => void (await script(brokerScript, 'stop')),
    startBroker: async () => void (await script(brokerScript, 'start')),
    stopRedis,
    startRedis,
    pidOf: (service) => Number(readFileSync(path.join(dir, 'run', `${service}.pid`), 'utf8')),
    database: (service) => dbPrefix + service,
    down,
  }
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/**
 * `count` free ports in a row, below Linux's ephemeral range (32768 and up): a port the kernel hands out for outgoing
 * connections can be taken by one of them between this check and the server binding it (CI saw Kafka fail to bind so).
 */
async function consecutiveFreePorts(count: number): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * (12_000 - count))
    const free = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        run('bash', ['-c', `! (exec 3<>/dev/tcp/127.0.0.1/${base + i}) 2>/dev/null`]).then(
          () => true,
          () => false,
        ),
      ),
    )
    if (free.every(Boolean)) return base
  }
}

/** What the broker fault tests leave for the tests after them: the link the orders went through, and its owner. */
export type FaultTestState = { ambassador: Session; email: string; code: string; productId: string; orders: number }

/**
 * The faults every event broker must survive, as tests: 200 orders placed and paid while the broker is down, then a
 * consumer killed mid-stream — and each service shows every order exactly once. The same on Kafka and on RabbitMQ.
 */
export function brokerFaultTests(stack: () => DistributedStack, done: (state: FaultTestState) => void = () => {}) {
  const ORDERS_DURING_OUTAGE = 200
  const shopper = () => new Session(stack().gateway)
  let state: FaultTestState

  it('completes every order exactly once when the broker is down while they are placed and paid', async () => {
    const boss = new Session(stack().gateway)
    await boss.call('POST', '/api/admin/login', stackAdmin)
    const productId = String(
      (await boss.call('POST', '/api/admin/products', { title: 'Outage Lamp', description: '', image: '', price: 10 }))
        .body.id,
    )
    const ambassador = new Session(stack().gateway)
    const email = `outage-${Date.now()}@example.com`
    const person = { first_name: 'Out', last_name: 'Age', email, password: 'outage-password' }
    expect(
      (await ambassador.call('POST', '/api/ambassador/register', { ...person, password_confirm: person.password }))
        .status,
    ).toBe(201)
    await ambassador.call('POST', '/api/ambassador/login', { email, password: person.password })
    const code = await waitFor(
      async () => {
        const link = await ambassador.call('POST', '/api/ambassador/links', { products: [productId] })
        return link.status === 201 ? String(link.body.code) : undefined
      },
      20_000,
      'the product to reach the ambassador service',
    )
    await waitFor(
      async () => ((await shopper().call('GET', `/api/checkout/links/${code}`)).status === 200 ? true : undefined),
      20_000,
      'the link at checkout',
    )
    state = { ambassador, email, code, productId, orders: 0 }

    await stack().stopBroker()
    await placeAndPay(stack(), state, ORDERS_DURING_OUTAGE, 'outage')
    await stack().startBroker()

    await expectOrdersEverywhere(stack(), state)
  }, 480_000)

  it('loses and doubles nothing when a consumer is killed mid-stream and restarted', async () => {
    const placing = placeAndPay(stack(), state, 50, 'killed')
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    process.kill(stack().pidOf('ambassador'), 'SIGKILL')
    await placing
    await stack().script('dist-service.sh', 'ambassador')
    await expectOrdersEverywhere(stack(), state)
    done(state)
  }, 480_000)
}

/** Places and pays `count` orders of one $10 lamp on the state's link ($1 commission each), 8 at a time. */
export async function placeAndPay(stack: DistributedStack, state: FaultTestState, count: number, tag: string) {
  let next = 0
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const customer = new Session(stack.gateway)
      const order = await customer.call('POST', '/api/checkout/orders', {
        first_name: 'Cus',
        last_name: `Tomer${i}`,
        email: `${tag}-${i}@example.com`,
        address: '1 Main St',
        country: 'US',
        city: 'Springfield',
        zip: '12345',
        code: state.code,
        products: [{ product_id: state.productId, quantity: 1 }],
      })
      expect(order.status, JSON.stringify(order.body)).toBe(201)
      expect((await customer.call('POST', String(order.body.url), { card_number: '4242 4242 4242 4242' })).status).toBe(
        303,
      )
      expect((await customer.call('POST', '/api/checkout/orders/confirm', { source: order.body.id })).status).toBe(200)
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
  state.orders += count
}

export async function rankingOf(ambassador: Session) {
  const rankings = await ambassador.call('GET', '/api/ambassador/rankings')
  return Number(rankings.body['Out Age'])
}

/** Every service shows exactly the state's orders for its link: none lost, none applied twice. */
export async function expectOrdersEverywhere(stack: DistributedStack, state: FaultTestState) {
  const { ambassador, email: ambassadorEmail, code, orders: count } = state
  const boss = new Session(stack.gateway)
  await boss.call('POST', '/api/admin/login', stackAdmin)
  await waitFor(
    async () => {
      const stats = (await ambassador.call('GET', '/api/ambassador/stats')).body as unknown as {
        code: string
        count: number
      }[]
      const row = stats.find((s) => s.code === code)
      return row && row.count >= count ? row : undefined
    },
    120_000,
    `stats to reach ${count} orders`,
  )
  const salesMails = async () => {
    const mails = (await boss.call('GET', `/api/admin/emails?to=${encodeURIComponent(ambassadorEmail)}`))
      .body as unknown as { subject: string; status: string }[]
    return mails.filter((m) => /earned/i.test(m.subject))
  }
  await waitFor(
    async () => {
      const sales = await salesMails()
      return sales.length >= count && sales.every((m) => m.status === 'sent') ? true : undefined
    },
    // Every mail goes through the SMTP catcher one connection at a time, after the consumers caught up with a
    // restarted broker: on a busy CI machine that took longer than two minutes once.
    240_000,
    'the sale emails',
  )
  const stats = (await ambassador.call('GET', '/api/ambassador/stats')).body as unknown as {
    code: string
    count: number
    revenue: number
  }[]
  expect(stats.find((s) => s.code === code)).toMatchObject({ count, revenue: count })
  const me = (await ambassador.call('GET', '/api/ambassador/user')).body
  expect(me.revenue).toBe(count)
  expect(await rankingOf(ambassador)).toBe(count)
  // The commission ledger holds each line's accrual exactly once, through the outage and the killed consumer.
  const ledger = { pending: count, approved: 0, paid: 0, available: 0 }
  expect((await ambassador.call('GET', '/api/ambassador/ledger')).body).toMatchObject(ledger)
  expect((await boss.call('GET', `/api/admin/ambassadors/${String(me.id)}/ledger`)).body).toMatchObject(ledger)
  const adminOrders = (await boss.call('GET', '/api/admin/orders')).body as unknown as { code: string }[]
  expect(adminOrders.filter((o) => o.code === code)).toHaveLength(count)
  expect(await salesMails()).toHaveLength(count)
}
