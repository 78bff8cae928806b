import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { simpleParser } from 'mailparser'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fillShippingForm, launchChromium } from '../../../e2e/browser-platform.ts'
import { runBlackBoxJourney, Session } from '../../../scripts/black-box-journey.ts'
import {
  stackAdmin as admin,
  brokerFaultTests,
  type DistributedStack,
  expectOrdersEverywhere,
  type FaultTestState,
  placeAndPay,
  rankingOf,
  startDistributedStack,
  waitFor,
} from './testing/distributed-stack.ts'

/**
 * The platform as `npm run dist:up` runs it — a service process each, Apache Kafka, PostgreSQL, Redis and the
 * nginx gateway — with the faults the distributed mode must survive. Runs when TEST_DISTRIBUTED=1 (CI sets it)
 * and needs java, nginx and TEST_DATABASE_URL; it owns its own broker, Redis and ports so it can stop them.
 * (distributed-rabbitmq.test.ts runs the broker faults on RabbitMQ.)
 */
const enabled = process.env.TEST_DISTRIBUTED === '1' || (process.env.TEST_REQUIRE ?? '').includes('distributed')
let stack: DistributedStack

describe.runIf(enabled)(
  'the distributed platform (dist:up: every service + Kafka + PostgreSQL + Redis + nginx)',
  () => {
    const shopper = () => new Session(stack.gateway)
    let code: string
    let faults: FaultTestState

    beforeAll(async () => {
      stack = await startDistributedStack('kafka')
    }, 240_000)

    afterAll(async () => {
      await stack?.down()
    }, 120_000)

    it('passes the black-box journey through the gateway', async () => {
      const summary = await runBlackBoxJourney({
        baseUrl: stack.gateway,
        adminEmail: admin.email,
        adminPassword: admin.password,
      })
      expect(summary.commission).toBe(4.5)
      code = summary.code
    }, 60_000)

    it("answers /api/docs through the gateway with every service's routes, merged from each one's document", async () => {
      const response = await fetch(`${stack.gateway}/api/docs`)
      expect(response.status).toBe(200)
      const document = (await response.json()) as { paths: Record<string, unknown>; info: Record<string, unknown> }
      // One route of each service's: users, admin, ambassador, checkout, email, media, store, notifications, analytics.
      for (const route of [
        '/api/admin/login',
        '/api/admin/products',
        '/api/ambassador/links',
        '/api/checkout/orders',
        '/api/admin/emails',
        '/api/admin/media',
        '/api/store/products',
        '/api/notifications/channels',
        '/api/analytics/revenue',
      ]) {
        expect(document.paths, route).toHaveProperty([route])
      }
      expect(document.info['x-missing-services']).toBeUndefined()
    })

    it('routes the shop through the gateway: search, a cart with a referral and a coupon, paid, stock taken', async () => {
      const ops = new Session(stack.gateway)
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

      const shopper = new Session(stack.gateway)
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
      const browser = new Session(stack.gateway)
      expect(
        (await browser.call('POST', '/api/store/magic-link', { email, first_name: 'Lina', last_name: 'Gate' })).status,
      ).toBe(202)
      // users → outbox → Kafka → email → SMTP → the mail catcher's .eml files.
      const link = await waitFor(() => linkMailedTo(email), 30_000, 'the sign-in link in the mail catcher')
      expect(link.startsWith(`${stack.gateway}/account/magic#token=`)).toBe(true)
      const token = new URLSearchParams(new URL(link).hash.slice(1)).get('token')
      expect((await browser.call('POST', '/api/store/magic-link/check', { token })).body).toMatchObject({
        new_account: true,
      })
      expect((await browser.call('POST', '/api/store/magic-link/sign-in', { token })).status).toBe(200)
      expect((await browser.call('GET', '/api/store/user')).body).toMatchObject({ email, first_name: 'Lina' })
      expect((await new Session(stack.gateway).call('POST', '/api/store/magic-link/sign-in', { token })).status).toBe(
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
      expect((await browser.call('POST', '/api/store/passkeys/sign-in/options')).body).toHaveProperty(
        'options.challenge',
      )
      expect((await browser.call('GET', '/api/store/oidc/providers')).body).toEqual([])
      expect((await browser.call('POST', '/api/ambassador/password-reset', { email })).status).toBe(202)

      const ops = new Session(stack.gateway)
      expect((await ops.call('POST', '/api/admin/login', admin)).status).toBe(200)
      expect((await ops.call('GET', '/api/admin/orders/fulfilment?stage=paid')).status).toBe(200)
    }, 90_000)

    it('pays commission out through the gateway: payouts over Kafka to real SMTP, and store credit into checkout', async () => {
      const unique = randomBytes(3).toString('hex')
      const email = `paula-${unique}@example.com`
      const paula = new Session(stack.gateway)
      const credentials = { email, password: 'ambassador-pw' }
      await paula.call('POST', '/api/ambassador/register', {
        first_name: 'Paula',
        last_name: 'Payee',
        ...credentials,
        password_confirm: credentials.password,
      })
      expect((await paula.call('POST', '/api/ambassador/login', credentials)).status).toBe(200)
      const paulaId = String((await paula.call('GET', '/api/ambassador/user')).body.id)
      const ops = new Session(stack.gateway)
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
      expect((await paula.call('POST', '/api/ambassador/payouts', { amount: 10 })).body).toMatchObject({
        status: 'paid',
      })
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
        await page.goto(`${stack.gateway}/c/${code}`)
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

    brokerFaultTests(
      () => stack,
      (state) => {
        faults = state
        code = state.code
      },
    )

    it('answers from the database while Redis is down, and is right again when it returns', async () => {
      await stack.stopRedis()
      const products = await shopper().call('GET', '/api/ambassador/products/frontend')
      expect(products.status).toBe(200)
      expect((products.body as unknown as { id: string }[]).some((p) => p.id === faults.productId)).toBe(true)
      await placeAndPay(stack, faults, 5, 'no-redis')
      await expectOrdersEverywhere(stack, faults)
      await stack.startRedis()
      await waitFor(
        async () => ((await rankingOf(faults.ambassador)) === faults.orders ? true : undefined),
        20_000,
        'rankings after Redis returned',
      )
    }, 120_000)

    it('answers 503, never a wrong answer, while PostgreSQL drops connections, then recovers', async () => {
      const killer = new pg.Client({ connectionString: stack.postgres })
      await killer.connect()
      const statuses: number[] = []
      const until = Date.now() + 3_000
      const terminate = (async () => {
        while (Date.now() < until) {
          await killer.query(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
            [stack.database('checkout')],
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
  },
)

/** The one-time link in a mail to `email` the mail catcher kept (dist-up.sh's $DIST_DIR/mail), once it is there. */
async function linkMailedTo(email: string): Promise<string | undefined> {
  const dir = path.join(stack.dir, 'mail')
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
  const dir = path.join(stack.dir, 'mail')
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.eml'))) {
    const mail = await simpleParser(readFileSync(path.join(dir, name)))
    const to = Array.isArray(mail.to) ? mail.to.flatMap((t) => t.value) : (mail.to?.value ?? [])
    if (to.some((address) => address.address === email) && subject.test(mail.subject ?? '')) return mail.subject
  }
  return undefined
}
