import { BENCH_PASSWORD, type BenchStore, generateStore, SCALES } from './data.ts'

/** Waits (up to 60 s) until `check` holds. */
async function until(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 60_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** What a store seeded through the API is known by: the ids and codes the server gave out. */
export type SeededOverHttp = {
  store: BenchStore
  adminToken: string
  /** The busy ambassador (the first), who owns the first links. */
  ambassadorToken: string
  ambassadorName: string
  ambassadorEmail: string
  codes: string[]
  products: { id: string; priceMinor: number }[]
  /** Orders placed and paid through the test provider (0 when the server's payments cannot be driven so). */
  orders: number
}

type Json = Record<string, unknown>

/**
 * Seeds the reference scale through the HTTP contract alone (shared/api/README.md), so any server that speaks it
 * can be measured: products as the admin, ambassadors registering, their links, and orders paid through the
 * embedded test provider when the server has one (a Stripe-backed server gets no orders).
 */
export async function seedOverHttp(base: string, admin: { email: string; password: string }): Promise<SeededOverHttp> {
  const store = generateStore(SCALES.reference)
  const call = async <T = Json>(method: string, path: string, body?: unknown, token?: string) => {
    const response = await fetch(new URL(path, base), {
      method,
      redirect: 'manual',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T }
  }
  const logIn = async (area: 'admin' | 'ambassador', email: string, password: string) => {
    const response = await call('POST', `/api/${area}/login`, { email, password })
    const token = /jwt=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1]
    if (response.status >= 300 || !token) throw new Error(`${area} login as ${email} failed: ${response.status}`)
    return token
  }

  const adminToken = await logIn('admin', admin.email, admin.password)
  const products: { id: string; priceMinor: number }[] = []
  for (const p of store.products) {
    const created = await call<{ id: string }>(
      'POST',
      '/api/admin/products',
      { title: p.title, description: p.description, image: p.image, price: p.priceMinor / 100 },
      adminToken,
    )
    if (created.status >= 300) throw new Error(`creating a product failed: ${created.status}`)
    products.push({ id: created.body.id, priceMinor: p.priceMinor })
  }

  // Services that replicate through a broker see the new products a moment later: links need them.
  await until(async () => {
    const listed = await call<{ id: string }[]>('GET', '/api/ambassador/products/frontend')
    const known = new Set(listed.body.map((p) => p.id))
    return products.every((p) => known.has(p.id))
  }, 'the ambassador catalog to show the new products')

  const run = Date.now().toString(36)
  const tokens: string[] = []
  for (const [i, a] of store.ambassadors.entries()) {
    const email = `ambassador${i}.${run}@bench.test`
    const registered = await call('POST', '/api/ambassador/register', {
      first_name: a.firstName,
      last_name: `${a.lastName} ${run}`,
      email,
      password: BENCH_PASSWORD,
      password_confirm: BENCH_PASSWORD,
    })
    if (registered.status >= 300) throw new Error(`registering an ambassador failed: ${registered.status}`)
    tokens.push(await logIn('ambassador', email, BENCH_PASSWORD))
  }

  const codes: string[] = []
  const productIdOf = new Map(store.products.map((p, i) => [p.id, products[i]?.id ?? '']))
  const ownerOf = new Map(store.ambassadors.map((a, i) => [a.id, tokens[i] ?? '']))
  for (const link of store.links) {
    const created = await call<{ code: string }>(
      'POST',
      '/api/ambassador/links',
      { products: link.productIds.map((id) => productIdOf.get(id)) },
      ownerOf.get(link.userId),
    )
    if (created.status >= 300) throw new Error(`creating a link failed: ${created.status}`)
    codes.push(created.body.code)
  }

  let orders = 0
  const codeOf = new Map(store.links.map((l, i) => [l.id, codes[i] ?? '']))
  const firstCode = codes[0]
  if (firstCode) {
    await until(
      async () => (await call('GET', `/api/checkout/links/${firstCode}`)).status === 200,
      'checkout to know the new links',
    )
  }
  for (const order of store.orders) {
    const placed = await call<{ id: string; url: string }>('POST', '/api/checkout/orders', {
      first_name: order.firstName,
      last_name: order.lastName,
      email: order.email,
      address: '1 Bench Street',
      country: 'Benchland',
      city: 'Benchton',
      zip: '12345',
      code: codeOf.get(order.link.id),
      products: order.items.map((item) => ({ product_id: productIdOf.get(item.productId), quantity: item.quantity })),
    })
    if (placed.status >= 300) throw new Error(`placing an order failed: ${placed.status}`)
    const payPage = new URL(placed.body.url, base)
    // Only the embedded test provider's pay page can be paid from here (its PUBLIC_URL may name another host).
    if (!payPage.pathname.startsWith('/api/checkout/test-provider/')) break
    const paid = await call('POST', payPage.pathname, { card_number: '4242 4242 4242 4242' })
    if (paid.status !== 303) break
    if ((await call('POST', '/api/checkout/orders/confirm', { source: placed.body.id })).status >= 300) break
    orders++
  }

  const busy = store.ambassadors[0]
  return {
    store,
    adminToken,
    ambassadorToken: tokens[0] ?? '',
    ambassadorName: `${busy?.firstName} ${busy?.lastName} ${run}`,
    ambassadorEmail: `ambassador0.${run}@bench.test`,
    codes,
    products,
    orders,
  }
}
