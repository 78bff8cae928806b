import { splitCommission } from '@ambassador/kit/money/money'

/**
 * The benchmark's store, generated deterministically: products, ambassadors, links and completed orders at a
 * given scale, with every total worked out the way checkout works it out (integer minor units, the commission
 * rounded half up once per line).
 */

export type Scale = {
  name: 'reference' | '100x'
  products: number
  ambassadors: number
  links: number
  orders: number
  /** The first ambassador is the busy one: this many links and orders are theirs. */
  busyLinks: number
  busyOrders: number
}

export const SCALES: Record<Scale['name'], Scale> = {
  reference: { name: 'reference', products: 30, ambassadors: 10, links: 30, orders: 200, busyLinks: 5, busyOrders: 50 },
  '100x': {
    name: '100x',
    products: 10_000,
    ambassadors: 1_000,
    links: 5_000,
    orders: 20_000,
    busyLinks: 100,
    busyOrders: 5_000,
  },
}

export type BenchProduct = {
  id: string
  title: string
  description: string
  image: string
  priceMinor: number
  at: string
}
export type BenchAmbassador = { id: string; firstName: string; lastName: string; email: string; at: string }
export type BenchLink = { id: string; code: string; userId: string; productIds: string[]; at: string }
export type BenchItem = {
  id: string
  productId: string
  title: string
  priceMinor: number
  quantity: number
  adminMinor: number
  ambassadorMinor: number
}
export type BenchOrder = {
  id: string
  link: BenchLink
  firstName: string
  lastName: string
  email: string
  totalMinor: number
  adminMinor: number
  ambassadorMinor: number
  at: string
  items: BenchItem[]
}
export type BenchStore = {
  scale: Scale
  admin: { id: string; email: string; at: string }
  products: BenchProduct[]
  ambassadors: BenchAmbassador[]
  links: BenchLink[]
  orders: BenchOrder[]
}

export const BENCH_PASSWORD = 'bench-password'
export const BENCH_ADMIN_EMAIL = 'admin@bench.test'
export const COMMISSION_BASIS_POINTS = 1_000

const ADJECTIVES = ['Classic', 'Organic', 'Vintage', 'Compact', 'Premium', 'Rustic', 'Modern', 'Handmade', 'Wireless']
const MATERIALS = ['Ceramic', 'Merino', 'Bamboo', 'Leather', 'Linen', 'Steel', 'Walnut', 'Cotton', 'Copper', 'Glass']
const NOUNS = ['Mug', 'Hoodie', 'Board', 'Wallet', 'Blanket', 'Skillet', 'Lamp', 'Backpack', 'Notebook', 'Bottle']
const WORDS = ['durable', 'everyday', 'gift', 'travel', 'kitchen', 'outdoor', 'soft', 'light', 'warm', 'eco']
const FIRST = ['Ada', 'Grace', 'Alan', 'Linus', 'Edsger', 'Barbara', 'Ken', 'Margaret', 'Donald', 'Frances']
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Dijkstra', 'Liskov', 'Thompson', 'Hamilton', 'Knuth']
const CODE_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** A small fast PRNG (mulberry32), so every run benchmarks the same store. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A uuid v7 for the given time, unique by counter: rows keep the order they were "created" in. */
function uuidAt(ms: number, counter: number, kind: number): string {
  const hex = ms.toString(16).padStart(12, '0')
  const rest = ((kind << 24) | (counter & 0xffffff)).toString(16).padStart(8, '0')
  const tail = (counter >>> 24).toString(16).padStart(4, '0')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8${tail.slice(1)}-${rest}0000`
}

/** Generates the whole store for a scale, its history spread over the last 60 days before `now`. */
export function generateStore(scale: Scale, now = Date.now()): BenchStore {
  const rand = random(42)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T
  const start = now - 60 * 86_400_000
  const stamp = (ms: number) => new Date(ms).toISOString()

  const admin = { id: uuidAt(start, 0, 1), email: BENCH_ADMIN_EMAIL, at: stamp(start) }

  const products: BenchProduct[] = []
  for (let i = 0; i < scale.products; i++) {
    const ms = start + i * 10
    const title = `${pick(ADJECTIVES)} ${pick(MATERIALS)} ${pick(NOUNS)} ${i + 1}`
    products.push({
      id: uuidAt(ms, i, 2),
      title,
      description: `A ${pick(WORDS)}, ${pick(WORDS)} ${title.toLowerCase()} for ${pick(WORDS)} use.`,
      image: `https://images.bench.test/products/${i + 1}.jpg`,
      priceMinor: 500 + Math.floor(rand() * 49_500),
      at: stamp(ms),
    })
  }

  const ambassadors: BenchAmbassador[] = []
  for (let i = 0; i < scale.ambassadors; i++) {
    const ms = start + 1_000_000 + i * 10
    const firstName = pick(FIRST)
    const lastName = `${pick(LAST)}${i === 0 ? '' : ` ${i}`}`
    ambassadors.push({ id: uuidAt(ms, i, 3), firstName, lastName, email: `ambassador${i}@bench.test`, at: stamp(ms) })
  }

  const links: BenchLink[] = []
  const codes = new Set<string>()
  for (let i = 0; i < scale.links; i++) {
    const ms = start + 2_000_000 + i * 10
    const owner = i < scale.busyLinks ? 0 : 1 + ((i - scale.busyLinks) % Math.max(1, scale.ambassadors - 1))
    let code = ''
    while (code === '' || codes.has(code)) {
      code = Array.from({ length: 8 }, () => pick([...CODE_ALPHABET])).join('')
    }
    codes.add(code)
    const count = 1 + Math.floor(rand() * 4)
    const productIds = new Set<string>()
    while (productIds.size < Math.min(count, products.length)) productIds.add(pick(products).id)
    links.push({
      id: uuidAt(ms, i, 4),
      code,
      userId: (ambassadors[owner] as BenchAmbassador).id,
      productIds: [...productIds],
      at: stamp(ms),
    })
  }

  const byId = new Map(products.map((p) => [p.id, p]))
  const busy = links.slice(0, scale.busyLinks)
  const others = links.slice(scale.busyLinks)
  const orders: BenchOrder[] = []
  const span = now - 3_600_000 - (start + 3_000_000)
  for (let i = 0; i < scale.orders; i++) {
    const ms = start + 3_000_000 + Math.floor((i / scale.orders) * span)
    const link = i % Math.ceil(scale.orders / scale.busyOrders) === 0 || others.length === 0 ? pick(busy) : pick(others)
    const items: BenchItem[] = []
    for (const [n, productId] of link.productIds.entries()) {
      if (n > 0 && rand() < 0.5) continue
      const product = byId.get(productId) as BenchProduct
      const quantity = 1 + Math.floor(rand() * 3)
      const lineMinor = product.priceMinor * quantity
      const { ambassadorMinor, adminMinor } = splitCommission(lineMinor, COMMISSION_BASIS_POINTS)
      items.push({
        id: uuidAt(ms, i * 8 + n, 6),
        productId,
        title: product.title,
        priceMinor: product.priceMinor,
        quantity,
        adminMinor,
        ambassadorMinor,
      })
    }
    const sum = (f: (item: BenchItem) => number) => items.reduce((total, item) => total + f(item), 0)
    orders.push({
      id: uuidAt(ms, i, 5),
      link,
      firstName: pick(FIRST),
      lastName: pick(LAST),
      email: `customer${i}@shoppers.test`,
      totalMinor: sum((item) => item.priceMinor * item.quantity),
      adminMinor: sum((item) => item.adminMinor),
      ambassadorMinor: sum((item) => item.ambassadorMinor),
      at: stamp(ms),
      items,
    })
  }
  return { scale, admin, products, ambassadors, links, orders }
}

/** The shop's categories in the benchmark store (each product is in one or two, by its id). */
export const BENCH_CATEGORIES = [
  'Kitchen',
  'Office',
  'Outdoor',
  'Apparel',
  'Home',
  'Travel',
  'Garden',
  'Tech',
  'Toys',
  'Books',
]
