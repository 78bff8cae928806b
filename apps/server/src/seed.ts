import { inProcessClient } from '@ambassador/kit/http/in-process-client'
import { formatMoney } from '@ambassador/kit/money/money'
import type { Platform } from '@ambassador/kit/platform'
import { ensureAdmin } from '@ambassador/users'

export const DEMO_PASSWORD = 'demo-password'
export const DEMO_ADMIN = 'admin@ambassador.demo'
export const DEMO_AMBASSADORS = [
  { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@ambassador.demo' },
  { first_name: 'Grace', last_name: 'Hopper', email: 'grace@ambassador.demo' },
]

const CATEGORIES = ['Kitchen', 'Outdoors', 'Home', 'Accessories'] as const
type CategoryName = (typeof CATEGORIES)[number]

const PRODUCTS: [string, string, number, CategoryName[]][] = [
  ['Ceramic Pour-Over Set', 'Hand-glazed dripper, carafe and two cups for a slow morning brew.', 48, ['Kitchen']],
  ['Merino Travel Hoodie', 'Odour-resistant merino that packs into its own pocket.', 129, ['Outdoors']],
  ['Trail Running Socks', 'Cushioned, blister-free, three pairs.', 24.5, ['Outdoors']],
  ['Bamboo Cutting Board', 'End-grain bamboo with a juice groove; knife-friendly.', 39.99, ['Kitchen']],
  ['Insulated Bottle 750 ml', 'Cold for 24 hours, hot for 12, leak-proof lid.', 32, ['Outdoors', 'Kitchen']],
  ['Wireless Earbuds', 'Noise cancelling, 30 hours with the case.', 89.9, ['Accessories']],
  ['Linen Throw Blanket', 'Stonewashed European linen, 130 × 170 cm.', 74, ['Home']],
  ['Cast Iron Skillet', 'Pre-seasoned 26 cm skillet that lasts for generations.', 45, ['Kitchen']],
  ['Leather Card Wallet', 'Slim vegetable-tanned leather, six cards.', 35, ['Accessories']],
  ['Yoga Mat Pro', 'Natural rubber, 5 mm, non-slip both sides.', 68, ['Outdoors', 'Home']],
  ['Desk Plant Kit', 'Self-watering pot with a low-light pothos.', 29.95, ['Home']],
  ['Notebook Trio', 'Dot-grid A5 notebooks, lay-flat binding.', 18, ['Accessories']],
]

/** A coupon every demo shopper may use once. */
export const DEMO_COUPON = 'WELCOME10'

/** Fills a brand-new embedded store with demo data, through the same HTTP API customers and clients use. */
export async function seedDemoStore(platform: Platform): Promise<string> {
  const usersCtx = platform.contexts.get('users')
  if (!usersCtx) throw new Error('seeding the demo store needs the users service')
  const { config } = usersCtx
  await ensureAdmin(usersCtx, { email: DEMO_ADMIN, password: DEMO_PASSWORD })

  const admin = inProcessClient(platform.app)
  await expectOk(admin.post('/api/admin/login', { email: DEMO_ADMIN, password: DEMO_PASSWORD }))
  const categoryIds = new Map<string, string>()
  for (const name of CATEGORIES) {
    categoryIds.set(name, (await expectOk<{ id: string }>(admin.post('/api/admin/categories', { name }))).id)
  }
  const products: { id: string; price: number }[] = []
  for (const [title, description, price, categories] of PRODUCTS) {
    const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-')
    const image = `${config.publicUrl}/demo/products/${slug}.svg`
    const category_ids = categories.map((name) => categoryIds.get(name))
    products.push(
      await expectOk<{ id: string; price: number }>(
        admin.post('/api/admin/products', { title, description, image, price, slug, category_ids }),
      ),
    )
  }
  await platform.drain()
  // A few counted on the shelf; the rest untracked (never out of stock), as products made through the old API are.
  await expectOk(admin.put(`/api/admin/products/${products[1]?.id}/stock`, { on_hand: 12 }))
  await expectOk(admin.put(`/api/admin/products/${products[7]?.id}/stock`, { on_hand: 3 }))
  await expectOk(
    admin.post('/api/admin/coupons', { code: DEMO_COUPON, kind: 'percent', percent: 10, max_uses_per_customer: 1 }),
  )

  for (const person of DEMO_AMBASSADORS) {
    await expectOk(
      inProcessClient(platform.app).post('/api/ambassador/register', {
        ...person,
        password: DEMO_PASSWORD,
        password_confirm: DEMO_PASSWORD,
      }),
    )
  }
  await platform.drain()

  const ada = inProcessClient(platform.app)
  await expectOk(ada.post('/api/ambassador/login', { email: DEMO_AMBASSADORS[0]?.email, password: DEMO_PASSWORD }))
  const picked = products.slice(0, 4).map((p) => p.id)
  const link = await expectOk<{ code: string }>(ada.post('/api/ambassador/links', { products: picked }))
  await platform.drain()

  const customer = inProcessClient(platform.app)
  const session = await expectOk<{ id: string; url: string }>(
    customer.post('/api/checkout/orders', {
      first_name: 'Charles',
      last_name: 'Babbage',
      email: 'charles@example.com',
      address: '1 Difference Engine Way',
      country: 'United Kingdom',
      city: 'London',
      zip: 'NW1 6XE',
      code: link.code,
      products: [
        { product_id: picked[0], quantity: 2 },
        { product_id: picked[2], quantity: 1 },
      ],
    }),
  )
  const paid = await customer.post(new URL(session.url).pathname, { card_number: '4242 4242 4242 4242' })
  if (paid.status !== 303) throw new Error(`demo payment failed: ${paid.status} ${paid.text}`)
  await expectOk(customer.post('/api/checkout/orders/confirm', { source: session.id }))
  await platform.drain()

  const total = 2 * (products[0]?.price ?? 0) + (products[2]?.price ?? 0)
  return [
    'A demo store was created (set DEMO=false to start empty):',
    `  admin       ${DEMO_ADMIN} / ${DEMO_PASSWORD}   →  POST /api/admin/login`,
    ...DEMO_AMBASSADORS.map((p) => `  ambassador  ${p.email} / ${DEMO_PASSWORD}   →  POST /api/ambassador/login`),
    `  ${PRODUCTS.length} products in ${CATEGORIES.length} categories (the shop: /shop), coupon ${DEMO_COUPON}`,
    `  link /c/${link.code} (GET /api/checkout/links/${link.code}), one completed order of ${formatMoney(Math.round(total * 100), config.currency)}`,
  ].join('\n')
}

async function expectOk<T = unknown>(pending: Promise<{ status: number; body: unknown; text: string }>): Promise<T> {
  const response = await pending
  if (response.status >= 300) throw new Error(`demo seed request failed: ${response.status} ${response.text}`)
  return response.body as T
}
