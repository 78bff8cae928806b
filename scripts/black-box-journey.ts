/**
 * A black-box client of the Ambassador HTTP API that knows only shared/api/README.md: it drives the whole
 * journey (admin adds products → ambassador registers and builds a link → customer orders and pays → everyone
 * sees the order) over real HTTP against a running server.
 *
 *   BASE_URL=http://localhost:8000 ADMIN_EMAIL=… ADMIN_PASSWORD=… npx tsx scripts/black-box-journey.ts
 */

type Json = Record<string, unknown> & Record<number, unknown>
type Reply = { status: number; body: Json; location: string | null }

/** A client's cookies (the `jwt` session, the shop's `cart`), sent back like a browser does. */
export class Session {
  private readonly cookies = new Map<string, string>()
  constructor(private readonly baseUrl: string) {}

  async call(method: string, path: string, body?: unknown): Promise<Reply> {
    const url = path.startsWith('http') ? path : `${this.baseUrl}${path}`
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookies.size > 0 ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    for (const set of response.headers.getSetCookie()) {
      const [pair = ''] = set.split(';')
      const at = pair.indexOf('=')
      if (at <= 0) continue
      const value = pair.slice(at + 1)
      if (value) this.cookies.set(pair.slice(0, at), value)
      else this.cookies.delete(pair.slice(0, at))
    }
    const text = await response.text()
    let parsed: Json = {}
    try {
      parsed = text ? (JSON.parse(text) as Json) : {}
    } catch {}
    return { status: response.status, body: parsed, location: response.headers.get('location') }
  }
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`black-box journey failed: ${message}`)
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`black-box journey failed: timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const cents = (amount: number) => Math.round(amount * 100)

/** Runs the journey; resolves with a summary, or throws saying which step broke. */
export async function runBlackBoxJourney(options: {
  baseUrl: string
  adminEmail: string
  adminPassword: string
  log?: (line: string) => void
}) {
  const log = options.log ?? (() => {})
  const api = (area: string) => `/api/${area}`
  const unique = Date.now().toString(36)

  const admin = new Session(options.baseUrl)
  check(
    (await admin.call('POST', `${api('admin')}/login`, { email: options.adminEmail, password: options.adminPassword }))
      .status === 200,
    'admin login',
  )
  const mug = await admin.call('POST', `${api('admin')}/products`, {
    title: `Mug ${unique}`,
    description: 'A big mug',
    image: 'https://example.com/mug.png',
    price: 12.5,
  })
  const tee = await admin.call('POST', `${api('admin')}/products`, {
    title: `Tee ${unique}`,
    description: 'Cotton tee',
    image: 'https://example.com/tee.png',
    price: '19.99',
  })
  check(mug.status === 201 && tee.status === 201, `create products: ${mug.status} ${tee.status}`)
  check(tee.body.price === 19.99, 'numeric string price is stored as 19.99')
  log('admin created two products')

  const ambassador = new Session(options.baseUrl)
  const email = `ambassador-${unique}@example.com`
  const registered = await ambassador.call('POST', `${api('ambassador')}/register`, {
    first_name: 'Bb',
    last_name: `Client${unique}`,
    email,
    password: 'secret-password',
    password_confirm: 'secret-password',
  })
  check(registered.status === 201, `register ambassador: ${registered.status} ${JSON.stringify(registered.body)}`)
  check(!JSON.stringify(registered.body).toLowerCase().includes('password'), 'register response has no password')
  check(
    (await ambassador.call('POST', `${api('ambassador')}/login`, { email, password: 'secret-password' })).status ===
      200,
    'ambassador login',
  )
  const me = await ambassador.call('GET', `${api('ambassador')}/user`)
  check(
    me.status === 200 && me.body.email === email && me.body.revenue === 0,
    `ambassador user: ${JSON.stringify(me.body)}`,
  )

  await eventually('products in products/frontend', async () => {
    const list = await ambassador.call('GET', `${api('ambassador')}/products/frontend`)
    const ids = (list.body as unknown as { id: string }[]).map((p) => p.id)
    return ids.includes(String(mug.body.id)) && ids.includes(String(tee.body.id)) ? true : undefined
  })
  const link = await ambassador.call('POST', `${api('ambassador')}/links`, { products: [mug.body.id, tee.body.id] })
  check(
    link.status === 201 && typeof link.body.code === 'string',
    `create link: ${link.status} ${JSON.stringify(link.body)}`,
  )
  const code = String(link.body.code)
  log(`ambassador ${email} created link ${code}`)

  const customer = new Session(options.baseUrl)
  // The link and the ambassador's name reach checkout on different streams (links, users), in either order: the
  // link may show a moment before the name does.
  const shown = await eventually('the link at checkout, with the ambassador name', async () => {
    const reply = await customer.call('GET', `${api('checkout')}/links/${code}`)
    return reply.status === 200 && (reply.body.user as Json).first_name === 'Bb' ? reply : undefined
  })
  check(!JSON.stringify(shown.body).includes(email), 'checkout does not reveal the ambassador email')
  const order = await customer.call('POST', `${api('checkout')}/orders`, {
    first_name: 'Cus',
    last_name: 'Tomer',
    email: `customer-${unique}@example.com`,
    address: '1 Main St',
    country: 'US',
    city: 'Springfield',
    zip: '12345',
    code,
    products: [
      { product_id: mug.body.id, quantity: 2 },
      { product_id: tee.body.id, quantity: 1 },
    ],
  })
  check(
    order.status === 201 && typeof order.body.url === 'string',
    `place order: ${order.status} ${JSON.stringify(order.body)}`,
  )
  const paid = await customer.call('POST', String(order.body.url), { card_number: '4242 4242 4242 4242' })
  check(
    paid.status === 303 && paid.location?.includes(`/success?source=${order.body.id}`),
    `pay: ${paid.status} ${paid.location}`,
  )
  const confirmed = await customer.call('POST', `${api('checkout')}/orders/confirm`, { source: order.body.id })
  check(confirmed.status === 200 && confirmed.body.message === 'success', `confirm: ${confirmed.status}`)
  log('customer paid and the order was confirmed')

  const expectedTotal = cents(12.5) * 2 + cents(19.99) // 4499
  const expectedCommission = Math.round(cents(12.5) * 2 * 0.1) + Math.round(cents(19.99) * 0.1) // 250 + 200

  const stats = await eventually('stats to show the order', async () => {
    const reply = await ambassador.call('GET', `${api('ambassador')}/stats`)
    const row = (reply.body as unknown as { code: string; count: number; revenue: number }[]).find(
      (s) => s.code === code,
    )
    return row && row.count === 1 ? row : undefined
  })
  check(cents(stats.revenue) === expectedCommission, `stats revenue ${stats.revenue}`)
  const rankings = await ambassador.call('GET', `${api('ambassador')}/rankings`)
  check(
    cents(Number(rankings.body[`Bb Client${unique}`])) === expectedCommission,
    `rankings: ${JSON.stringify(rankings.body)}`,
  )
  const earned = await eventually('revenue on the ambassador user', async () => {
    const reply = await ambassador.call('GET', `${api('ambassador')}/user`)
    return cents(Number(reply.body.revenue)) === expectedCommission ? reply : undefined
  })
  check(earned.status === 200, 'ambassador revenue')

  const adminOrder = await eventually('the order in admin orders', async () => {
    const reply = await admin.call('GET', `${api('admin')}/orders`)
    const list = reply.body as unknown as {
      id: string
      email: string
      total: number
      order_items: { admin_revenue: number; ambassador_revenue: number }[]
    }[]
    return list.find((o) => o.email === `customer-${unique}@example.com`)
  })
  const split = adminOrder.order_items.reduce((sum, i) => sum + cents(i.admin_revenue) + cents(i.ambassador_revenue), 0)
  check(split === expectedTotal, `admin + ambassador revenue = order total (${split} vs ${expectedTotal})`)
  check(cents(adminOrder.total) === expectedTotal - expectedCommission, `admin total ${adminOrder.total}`)

  const links = await admin.call('GET', `${api('admin')}/users/${registered.body.id}/links`)
  const adminLink = (links.body as unknown as { code: string; orders: unknown[] }[]).find((l) => l.code === code)
  check(adminLink && adminLink.orders.length === 1, `admin users/:id/links: ${JSON.stringify(links.body)}`)
  const ambassadors = await admin.call('GET', `${api('admin')}/ambassadors`)
  check(
    (ambassadors.body as unknown as { email: string }[]).some((a) => a.email === email),
    'admin ambassadors list',
  )

  const emails = await eventually('emails about the order', async () => {
    const reply = await admin.call('GET', `${api('admin')}/emails`)
    const list = reply.body as unknown as { to: string; status: string }[]
    const toCustomer = list.filter((e) => e.to === `customer-${unique}@example.com`)
    const toAmbassador = list.filter((e) => e.to === email && /earned/i.test(JSON.stringify(e)))
    return toCustomer.length === 1 && toAmbassador.length === 1 ? list : undefined
  })
  check(emails.length > 0, 'email log')
  log('stats, rankings, admin orders, links and emails all show the order')

  // The admin refunds one of the two mugs: its commission (1.25) is taken back everywhere.
  const detail = await admin.call('GET', `${api('admin')}/orders/${adminOrder.id}`)
  const lines = detail.body.order_items as unknown as { id: string; quantity: number }[] | undefined
  const mugLine = lines?.find((line) => line.quantity === 2)
  check(detail.status === 200 && mugLine, `admin orders/:id: ${detail.status} ${JSON.stringify(detail.body)}`)
  const refund = await admin.call('POST', `${api('admin')}/orders/${adminOrder.id}/refunds`, {
    items: [{ order_item_id: mugLine?.id, quantity: 1 }],
  })
  check(
    refund.status === 201 && refund.body.refunded === 12.5,
    `refund: ${refund.status} ${JSON.stringify(refund.body)}`,
  )
  const reversed = Math.round(cents(12.5) * 0.1)
  await eventually('the refund in the stats, revenue, rankings and admin orders', async () => {
    const [row, user, ranked, orders] = await Promise.all([
      ambassador.call('GET', `${api('ambassador')}/stats`),
      ambassador.call('GET', `${api('ambassador')}/user`),
      ambassador.call('GET', `${api('ambassador')}/rankings`),
      admin.call('GET', `${api('admin')}/orders`),
    ])
    const statsRevenue = (row.body as unknown as { code: string; revenue: number }[]).find(
      (s) => s.code === code,
    )?.revenue
    const listed = (orders.body as unknown as { id: string; ambassador_revenue: number }[]).find(
      (o) => o.id === adminOrder.id,
    )
    const net = expectedCommission - reversed
    return cents(Number(statsRevenue)) === net &&
      cents(Number(user.body.revenue)) === net &&
      cents(Number(ranked.body[`Bb Client${unique}`])) === net &&
      cents(Number(listed?.ambassador_revenue)) === net
      ? true
      : undefined
  })
  log('a refunded mug took its commission back from every view')

  check((await ambassador.call('POST', `${api('ambassador')}/logout`)).status === 200, 'logout')
  check((await ambassador.call('GET', `${api('ambassador')}/user`)).status === 401, 'logged out')
  return { code, orderTotal: expectedTotal / 100, commission: expectedCommission / 100 }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const baseUrl = process.env.BASE_URL ?? 'http://localhost:8000'
  const adminEmail = process.env.ADMIN_EMAIL
  const adminPassword = process.env.ADMIN_PASSWORD
  if (!adminEmail || !adminPassword) {
    console.error('Set ADMIN_EMAIL and ADMIN_PASSWORD to an admin of the server at BASE_URL')
    process.exit(2)
  }
  runBlackBoxJourney({ baseUrl, adminEmail, adminPassword, log: (line) => console.log(`✓ ${line}`) }).then(
    (summary) => console.log(`black-box journey passed: ${JSON.stringify(summary)}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error)
      process.exit(1)
    },
  )
}
