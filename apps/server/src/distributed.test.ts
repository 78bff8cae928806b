import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { SERVICE_NAMES } from '@ambassador/kit/config/config'
import { simpleParser } from 'mailparser'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fillShippingForm, launchChromium } from '../../../e2e/browser-platform.ts'
import { runBlackBoxJourney, Session } from '../../../scripts/black-box-journey.ts'

/**
 * The platform as `npm run dist:up` runs it — five service processes, Apache Kafka, PostgreSQL, Redis and the
 * nginx gateway — with the faults the distributed mode must survive. Runs when TEST_DISTRIBUTED=1 (CI sets it)
 * and needs java, nginx and TEST_DATABASE_URL; it owns its own broker, Redis and ports so it can stop them.
 */
const enabled = process.env.TEST_DISTRIBUTED === '1' || (process.env.TEST_REQUIRE ?? '').includes('distributed')
const run = promisify(execFile)
const root = fileURLToPath(new URL('../../..', import.meta.url))
const admin = { email: 'ops@example.com', password: 'ops-password' }
const ORDERS_DURING_OUTAGE = 200

type Fixture = { env: Record<string, string>; gateway: string; redisPort: number; dbPrefix: string; postgres: string }
let fixture: Fixture
let redis: ChildProcess | undefined

function startRedis(port: number) {
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  })
  return waitFor(
    async () =>
      (await run('redis-cli', ['-p', String(port), 'ping']).then(
        (r) => r.stdout.includes('PONG'),
        () => false,
      )) || undefined,
    10_000,
  )
}

async function stopRedis() {
  const child = redis
  redis = undefined
  if (!child || child.exitCode !== null) return
  child.kill('SIGKILL')
  await new Promise((resolve) => child.once('exit', resolve))
}

const script = (name: string, ...args: string[]) =>
  run(path.join(root, 'scripts', name), args, { cwd: root, env: { ...process.env, ...fixture.env }, timeout: 180_000 })

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what = 'condition'): Promise<T> {
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

describe.runIf(enabled)('the distributed platform (dist:up: 5 services + Kafka + PostgreSQL + Redis + nginx)', () => {
  const shopper = () => new Session(fixture.gateway)
  let ambassador: Session
  let ambassadorEmail: string
  let code: string
  let productId: string

  beforeAll(async () => {
    const postgres = process.env.TEST_DATABASE_URL
    if (!postgres)
      throw new Error('the distributed test needs TEST_DATABASE_URL (a PostgreSQL it may create databases on)')
    for (const tool of ['java', 'nginx', 'redis-server', 'psql', 'openssl']) {
      await run('bash', ['-c', `command -v ${tool}`]).catch(() => {
        throw new Error(`the distributed test needs ${tool} on the PATH`)
      })
    }
    const state = mkdtempSync(path.join(os.tmpdir(), 'ambassador-dist-'))
    const redisPort = await consecutiveFreePorts(1)
    const gatewayPort = await consecutiveFreePorts(1)
    const dbPrefix = `t${randomBytes(4).toString('hex')}_`
    fixture = {
      gateway: `http://localhost:${gatewayPort}`,
      redisPort,
      dbPrefix,
      postgres,
      env: {
        DIST_DIR: state,
        GATEWAY_PORT: String(gatewayPort),
        DIST_BASE_PORT: String(await consecutiveFreePorts(SERVICE_NAMES.length)),
        DIST_POSTGRES_URL: postgres,
        DIST_DB_PREFIX: dbPrefix,
        KAFKA_DIR: path.join(state, 'kafka'),
        KAFKA_PORT: String(await consecutiveFreePorts(2)),
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        // Every order here comes from one address: the limit a crowd of shoppers would never reach.
        CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000',
        PAYOUT_MINIMUM: '5',
        LOG_LEVEL: 'warn',
      },
    }
    await startRedis(redisPort)
    await script('dist-up.sh')
  }, 240_000)

  afterAll(async () => {
    if (!fixture) return
    await script('dist-down.sh').catch(() => {})
    await stopRedis()
    const client = new pg.Client({ connectionString: fixture.postgres })
    await client.connect()
    for (const s of SERVICE_NAMES) {
      await client
        .query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(fixture.dbPrefix + s)} WITH (FORCE)`)
        .catch(() => {})
    }
    await client.end()
    rmSync(fixture.env.DIST_DIR ?? '', { recursive: true, force: true })
  }, 120_000)

  it('passes the black-box journey through the gateway', async () => {
    const summary = await runBlackBoxJourney({
      baseUrl: fixture.gateway,
      adminEmail: admin.email,
      adminPassword: admin.password,
    })
    expect(summary.commission).toBe(4.5)
    code = summary.code
  }, 60_000)

  it('routes the shop through the gateway: search, a cart with a referral and a coupon, paid, stock taken', async () => {
    const ops = new Session(fixture.gateway)
    expect((await ops.call('POST', '/api/admin/login', admin)).status).toBe(200)
    const unique = randomBytes(3).toString('hex')
    const lamp = await ops.call('POST', '/api/admin/products', {
      title: `Gateway Lamp ${unique}`,
      description: 'Lights the way through nginx',
      image: '',
      price: 40,
    })
    expect(lamp.status).toBe(201)
    // Checkout learns of the product from the broker, moments after the admin service created it.
    await waitFor(
      async () =>
        (await ops.call('PUT', `/api/admin/products/${lamp.body.id}/stock`, { on_hand: 4 })).status === 200 ||
        undefined,
      30_000,
      'stock counted at checkout',
    )
    const coupon = await ops.call('POST', '/api/admin/coupons', { code: `GW${unique}`, kind: 'fixed', amount: 5 })
    expect(coupon.status).toBe(201)

    const shopper = new Session(fixture.gateway)
    await waitFor(
      async () => {
        const found = await shopper.call('GET', `/api/store/products?q=${unique}`)
        return (found.body.data as unknown[] | undefined)?.length === 1 ? true : undefined
      },
      30_000,
      'the lamp in the shop',
    )
    expect((await shopper.call('PUT', '/api/store/cart/referral', { code })).status).toBe(200)
    expect(
      (await shopper.call('POST', '/api/store/cart/lines', { product_id: lamp.body.id, quantity: 2 })).status,
    ).toBe(200)
    const cart = await shopper.call('PUT', '/api/store/cart/coupon', { code: `gw${unique}` })
    expect(cart.body).toMatchObject({ subtotal: 80, discount: 5, total: 75 })
    const session = await shopper.call('POST', '/api/store/cart/checkout', {
      first_name: 'Nora',
      last_name: 'Gateway',
      email: `nora-${unique}@example.com`,
      address: '3 Upstream Lane',
      country: 'Norway',
      city: 'Oslo',
      zip: '0150',
    })
    expect(session.status).toBe(201)
    const paid = await shopper.call('POST', new URL(String(session.body.url)).pathname, {
      card_number: '4242 4242 4242 4242',
    })
    expect(paid.status).toBe(303)
    expect((await shopper.call('POST', '/api/checkout/orders/confirm', { source: session.body.id })).status).toBe(200)

    const stock = await ops.call('GET', '/api/admin/inventory')
    expect(
      (stock.body as unknown as { product_id: string; on_hand: number }[]).find((s) => s.product_id === lamp.body.id),
    ).toMatchObject({ on_hand: 2 })
    await waitFor(
      async () => {
        const orders = (await ops.call('GET', '/api/admin/orders')).body as unknown as {
          email: string
          amount_paid: number
          code?: string
        }[]
        const order = orders.find((o) => o.email === `nora-${unique}@example.com`)
        return order?.amount_paid === 75 && order.code === code ? true : undefined
      },
      30_000,
      'the cart order in the admin’s list',
    )
  }, 90_000)

  it('routes the shopper account through the gateway: a sign-in link over Kafka and real SMTP, addresses, orders, passkeys, OpenID', async () => {
    const unique = randomBytes(3).toString('hex')
    const email = `lina-${unique}@example.com`
    const browser = new Session(fixture.gateway)
    expect(
      (await browser.call('POST', '/api/store/magic-link', { email, first_name: 'Lina', last_name: 'Gate' })).status,
    ).toBe(202)
    // users → outbox → Kafka → email → SMTP → the mail catcher's .eml files.
    const link = await waitFor(() => linkMailedTo(email), 30_000, 'the sign-in link in the mail catcher')
    expect(link.startsWith(`${fixture.gateway}/account/magic#token=`)).toBe(true)
    const token = new URLSearchParams(new URL(link).hash.slice(1)).get('token')
    expect((await browser.call('POST', '/api/store/magic-link/check', { token })).body).toMatchObject({
      new_account: true,
    })
    expect((await browser.call('POST', '/api/store/magic-link/sign-in', { token })).status).toBe(200)
    expect((await browser.call('GET', '/api/store/user')).body).toMatchObject({ email, first_name: 'Lina' })
    expect((await new Session(fixture.gateway).call('POST', '/api/store/magic-link/sign-in', { token })).status).toBe(
      410,
    )

    const address = {
      first_name: 'Lina',
      last_name: 'Gate',
      address: '4 Proxy Row',
      city: 'Bergen',
      zip: '5003',
      country: 'Norway',
    }
    expect((await browser.call('POST', '/api/store/addresses', address)).status).toBe(201)
    expect((await browser.call('GET', '/api/store/addresses')).body).toMatchObject([
      { city: 'Bergen', is_default: true },
    ])
    expect((await browser.call('GET', '/api/store/orders')).status).toBe(200)
    expect((await browser.call('GET', '/api/store/passkeys')).status).toBe(200)
    expect((await browser.call('POST', '/api/store/passkeys/sign-in/options')).body).toHaveProperty('options.challenge')
    expect((await browser.call('GET', '/api/store/oidc/providers')).body).toEqual([])
    expect((await browser.call('POST', '/api/ambassador/password-reset', { email })).status).toBe(202)

    const ops = new Session(fixture.gateway)
    expect((await ops.call('POST', '/api/admin/login', admin)).status).toBe(200)
    expect((await ops.call('GET', '/api/admin/orders/fulfilment?stage=paid')).status).toBe(200)
  }, 90_000)

  it('pays commission out through the gateway: payouts over Kafka to real SMTP, and store credit into checkout', async () => {
    const unique = randomBytes(3).toString('hex')
    const email = `paula-${unique}@example.com`
    const paula = new Session(fixture.gateway)
    const credentials = { email, password: 'ambassador-pw' }
    await paula.call('POST', '/api/ambassador/register', {
      first_name: 'Paula',
      last_name: 'Payee',
      ...credentials,
      password_confirm: credentials.password,
    })
    expect((await paula.call('POST', '/api/ambassador/login', credentials)).status).toBe(200)
    const paulaId = String((await paula.call('GET', '/api/ambassador/user')).body.id)
    const ops = new Session(fixture.gateway)
    expect((await ops.call('POST', '/api/admin/login', admin)).status).toBe(200)
    // users → Kafka → ambassador: an adjustment is refused (404) until the ledger knows Paula.
    await waitFor(
      async () => {
        const credit = await ops.call('POST', `/api/admin/ambassadors/${paulaId}/ledger/adjustments`, {
          amount: 30,
          reason: 'Launch bonus',
        })
        return credit.status === 201 ? true : undefined
      },
      30_000,
      'the ledger to know the ambassador',
    )
    await paula.call('PUT', '/api/ambassador/payout-details', { method: 'paypal', email })
    const payout = await paula.call('POST', '/api/ambassador/payouts', { amount: 20 })
    expect(payout.status).toBe(201)
    const queue = (await ops.call('GET', '/api/admin/payouts?status=requested&per_page=200')).body.data as {
      id: string
    }[]
    expect(queue.map((p) => p.id)).toContain(payout.body.id)
    const batch = await ops.call('POST', '/api/admin/payouts/batches', { payout_ids: [payout.body.id] })
    expect(batch.status).toBe(201)
    expect((await ops.call('GET', `/api/admin/payouts/batches/${String(batch.body.id)}/export`)).status).toBe(200)
    expect((await ops.call('POST', `/api/admin/payouts/batches/${String(batch.body.id)}/paid`, {})).status).toBe(200)
    // ambassador → outbox → Kafka (payouts) → email → SMTP → the mail catcher.
    await waitFor(() => subjectMailedTo(email, /payout of \$20\.00 is on its way/), 60_000, 'the payout mail')

    // Store credit: the payout is paid at once; checkout credits the wallet from payout.paid over Kafka.
    await paula.call('PUT', '/api/ambassador/payout-details', { method: 'store_credit' })
    expect((await paula.call('POST', '/api/ambassador/payouts', { amount: 10 })).body).toMatchObject({ status: 'paid' })
    const wallet = await waitFor(
      async () => {
        const shown = (await paula.call('GET', '/api/ambassador/wallet')).body
        return shown.balance === 10 ? shown : undefined
      },
      60_000,
      'the store credit in checkout',
    )
    expect(wallet.entries).toMatchObject([{ kind: 'commission', amount: 10 }])
    expect((await paula.call('GET', '/api/ambassador/ledger')).body).toMatchObject({ approved: 0, paid: 30 })
    const deposit = await ops.call('POST', `/api/admin/users/${paulaId}/wallet/deposits`, {
      amount: 5,
      reason: 'Thanks for the photos',
    })
    expect(deposit.status).toBe(201)
    await waitFor(() => subjectMailedTo(email, /You received \$5\.00 of store credit/), 60_000, 'the wallet mail')
  }, 180_000)

  it('serves the web app through the gateway: a shopper opens a link in a browser and pays', async () => {
    const browser = await launchChromium()
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true })
      await page.goto(`${fixture.gateway}/c/${code}`)
      await expect.poll(() => page.getByText("You're shopping via").isVisible(), { timeout: 15_000 }).toBe(true)
      await page
        .getByRole('button', { name: /^One more / })
        .first()
        .click()
      await fillShippingForm(page, {
        'First name': 'Dina',
        'Last name': 'Gateway',
        Email: 'dina@example.com',
        Address: '2 Proxy Road',
        City: 'Berlin',
        'ZIP / postal code': '10115',
        Country: 'Germany',
      })
      await page.getByRole('button', { name: /^Pay \$/ }).click()
      await page.waitForURL(/\/api\/checkout\/test-provider\/sessions\//, { timeout: 15_000 })
      await page.getByLabel(/card number/i).fill('4242 4242 4242 4242')
      await page.getByRole('button', { name: /Pay/ }).click()
      await page.waitForURL(/\/success\?source=/, { timeout: 15_000 })
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
        .toBe('Thank you! Your order is confirmed')
    } finally {
      await browser.close()
    }
  }, 90_000)

  it('completes every order exactly once when Kafka is down while they are placed and paid', async () => {
    const boss = new Session(fixture.gateway)
    await boss.call('POST', '/api/admin/login', admin)
    productId = String(
      (await boss.call('POST', '/api/admin/products', { title: 'Outage Lamp', description: '', image: '', price: 10 }))
        .body.id,
    )
    ambassador = new Session(fixture.gateway)
    ambassadorEmail = `outage-${Date.now()}@example.com`
    const person = {
      first_name: 'Out',
      last_name: 'Age',
      email: ambassadorEmail,
      password: 'outage-password',
      password_confirm: 'outage-password',
    }
    expect((await ambassador.call('POST', '/api/ambassador/register', person)).status).toBe(201)
    await ambassador.call('POST', '/api/ambassador/login', { email: ambassadorEmail, password: person.password })
    code = await waitFor(
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

    await script('kafka.sh', 'stop')
    await placeAndPay(ORDERS_DURING_OUTAGE, 'outage')
    await script('kafka.sh', 'start')

    await expectOrdersEverywhere(ORDERS_DURING_OUTAGE)
  }, 480_000)

  it('loses and doubles nothing when a consumer is killed mid-stream and restarted', async () => {
    const placing = placeAndPay(50, 'killed')
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    const pid = Number(readFileSync(path.join(fixture.env.DIST_DIR ?? '', 'run', 'ambassador.pid'), 'utf8'))
    process.kill(pid, 'SIGKILL')
    await placing
    await script('dist-service.sh', 'ambassador')
    await expectOrdersEverywhere(ORDERS_DURING_OUTAGE + 50)
  }, 480_000)

  it('answers from the database while Redis is down, and is right again when it returns', async () => {
    await stopRedis()
    const products = await shopper().call('GET', '/api/ambassador/products/frontend')
    expect(products.status).toBe(200)
    expect((products.body as unknown as { id: string }[]).some((p) => p.id === productId)).toBe(true)
    await placeAndPay(5, 'no-redis')
    await expectOrdersEverywhere(ORDERS_DURING_OUTAGE + 55)
    await startRedis(fixture.redisPort)
    await waitFor(
      async () => ((await rankingOfOurAmbassador()) === ORDERS_DURING_OUTAGE + 55 ? true : undefined),
      20_000,
      'rankings after Redis returned',
    )
  }, 120_000)

  it('answers 503, never a wrong answer, while PostgreSQL drops connections, then recovers', async () => {
    const killer = new pg.Client({ connectionString: fixture.postgres })
    await killer.connect()
    const statuses: number[] = []
    const until = Date.now() + 3_000
    const terminate = (async () => {
      while (Date.now() < until) {
        await killer.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [`${fixture.dbPrefix}checkout`],
        )
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    })()
    // A link page may come from the cache; a confirm of an unknown session always asks the database (404, or 503).
    const unknownSession = `cs_test_${'0'.repeat(48)}`
    while (Date.now() < until) {
      const reply = await shopper().call('GET', `/api/checkout/links/${code}`)
      statuses.push(reply.status)
      if (reply.status === 200) expect(reply.body.code).toBe(code)
      else expect(reply.status).toBe(503)
      const probe = await shopper().call('POST', '/api/checkout/orders/confirm', { source: unknownSession })
      statuses.push(probe.status)
      expect([404, 503]).toContain(probe.status)
    }
    await terminate
    await killer.end()
    expect(statuses.length).toBeGreaterThan(10)
    expect(statuses).toContain(503) // the connections really dropped under requests, and were answered 503
    await waitFor(
      async () => ((await shopper().call('GET', `/api/checkout/links/${code}`)).status === 200 ? true : undefined),
      10_000,
      'recovery',
    )
  }, 60_000)

  /** Places and pays `count` orders of one lamp ($10, so $1 commission each), 8 at a time. */
  async function placeAndPay(count: number, tag: string) {
    let next = 0
    const worker = async () => {
      for (let i = next++; i < count; i = next++) {
        const customer = shopper()
        const order = await customer.call('POST', '/api/checkout/orders', {
          first_name: 'Cus',
          last_name: `Tomer${i}`,
          email: `${tag}-${i}@example.com`,
          address: '1 Main St',
          country: 'US',
          city: 'Springfield',
          zip: '12345',
          code,
          products: [{ product_id: productId, quantity: 1 }],
        })
        expect(order.status, JSON.stringify(order.body)).toBe(201)
        expect(
          (await customer.call('POST', String(order.body.url), { card_number: '4242 4242 4242 4242' })).status,
        ).toBe(303)
        expect((await customer.call('POST', '/api/checkout/orders/confirm', { source: order.body.id })).status).toBe(
          200,
        )
      }
    }
    await Promise.all(Array.from({ length: 8 }, worker))
  }

  async function rankingOfOurAmbassador() {
    const rankings = await ambassador.call('GET', '/api/ambassador/rankings')
    return Number(rankings.body['Out Age'])
  }

  /** Every service shows exactly `count` orders for our link: none lost, none applied twice. */
  async function expectOrdersEverywhere(count: number) {
    const boss = new Session(fixture.gateway)
    await boss.call('POST', '/api/admin/login', admin)
    await waitFor(
      async () => {
        const stats = (await ambassador.call('GET', '/api/ambassador/stats')).body as unknown as {
          code: string
          count: number
          revenue: number
        }[]
        const row = stats.find((s) => s.code === code)
        return row && row.count >= count ? row : undefined
      },
      120_000,
      `stats to reach ${count} orders`,
    )
    const salesMails = async () => {
      const mails = (await boss.call('GET', `/api/admin/emails?to=${encodeURIComponent(ambassadorEmail)}`))
        .body as unknown as {
        subject: string
        status: string
      }[]
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
    expect(await rankingOfOurAmbassador()).toBe(count)
    // The commission ledger holds each line's accrual exactly once, through the outage and the killed consumer.
    const ledger = { pending: count, approved: 0, paid: 0, available: 0 }
    expect((await ambassador.call('GET', '/api/ambassador/ledger')).body).toMatchObject(ledger)
    expect((await boss.call('GET', `/api/admin/ambassadors/${String(me.id)}/ledger`)).body).toMatchObject(ledger)
    const orders = (await boss.call('GET', '/api/admin/orders')).body as unknown as { code: string }[]
    expect(orders.filter((o) => o.code === code)).toHaveLength(count)
    expect(await salesMails()).toHaveLength(count)
  }
})

/** The one-time link in a mail to `email` the mail catcher kept (dist-up.sh's $DIST_DIR/mail), once it is there. */
async function linkMailedTo(email: string): Promise<string | undefined> {
  const dir = path.join(fixture.env.DIST_DIR ?? '', 'mail')
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.eml'))) {
    const mail = await simpleParser(readFileSync(path.join(dir, name)))
    const to = Array.isArray(mail.to) ? mail.to.flatMap((t) => t.value) : (mail.to?.value ?? [])
    if (!to.some((address) => address.address === email)) continue
    const link = /https?:\/\/\S+#token=[\w-]+/.exec(mail.text ?? '')?.[0]
    if (link) return link
  }
  return undefined
}

/** A mail to `email` whose subject matches, once the mail catcher (dist-up.sh's $DIST_DIR/mail) has it. */
async function subjectMailedTo(email: string, subject: RegExp): Promise<string | undefined> {
  const dir = path.join(fixture.env.DIST_DIR ?? '', 'mail')
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.eml'))) {
    const mail = await simpleParser(readFileSync(path.join(dir, name)))
    const to = Array.isArray(mail.to) ? mail.to.flatMap((t) => t.value) : (mail.to?.value ?? [])
    if (to.some((address) => address.address === email) && subject.test(mail.subject ?? '')) return mail.subject
  }
  return undefined
}
