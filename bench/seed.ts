import type { ServiceName } from '@ambassador/kit/config/config'
import pg from 'pg'
import { BENCH_CATEGORIES, type BenchOrder, type BenchStore } from './data.ts'

type Column = { name: string; type: string }
type Table = {
  name: string
  columns: Column[]
  rows: unknown[][]
  /** SQL run after the rows are in, for what an array of arrays cannot carry (uuid[] columns). */
  afterwards?: string
}

/**
 * Writes the benchmark store straight into every service's tables — sources and read models alike, exactly
 * as the events would have left them — in one transaction per service. Thousands of rows a second instead of
 * thousands of HTTP calls; the services then start on it as on any existing data.
 */
export async function seedStore(store: BenchStore, urlFor: (service: ServiceName) => string, passwordHash: string) {
  const plan = seedPlan(store, passwordHash)
  for (const [service, tables] of Object.entries(plan) as [ServiceName, Table[]][]) {
    const client = new pg.Client({ connectionString: urlFor(service) })
    await client.connect()
    try {
      await client.query('BEGIN')
      for (const table of tables) {
        await insertAll(client, `${service}.${table.name}`, table)
        if (table.afterwards) await client.query(table.afterwards)
      }
      await client.query('COMMIT')
      await client.query(`ANALYZE`)
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    } finally {
      await client.end()
    }
  }
}

async function insertAll(client: pg.Client, table: string, { columns, rows }: Table) {
  const CHUNK = 5_000
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK)
    const arrays = columns.map((_, c) => chunk.map((row) => row[c]))
    const names = columns.map((c) => `"${c.name}"`).join(', ')
    const unnest = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')
    await client.query(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${unnest})`, arrays)
  }
}

const col = (name: string, type = 'text'): Column => ({ name, type })

function seedPlan(store: BenchStore, passwordHash: string): Record<ServiceName, Table[]> {
  const { admin, products, ambassadors, links, orders } = store
  const currency = 'USD'
  const people = [
    { id: admin.id, firstName: 'Bench', lastName: 'Admin', email: admin.email, role: 'admin', at: admin.at },
    ...ambassadors.map((a) => ({ ...a, role: 'ambassador' })),
  ]
  const earned = new Map<string, number>()
  const perLink = new Map<string, { count: number; minor: number }>()
  const perLinkDay = new Map<string, { linkId: string; day: string; count: number; minor: number }>()
  for (const order of orders) {
    earned.set(order.link.userId, (earned.get(order.link.userId) ?? 0) + order.ambassadorMinor)
    const link = perLink.get(order.link.id) ?? { count: 0, minor: 0 }
    perLink.set(order.link.id, { count: link.count + 1, minor: link.minor + order.ambassadorMinor })
    const day = order.at.slice(0, 10)
    const key = `${order.link.id}/${day}`
    const daily = perLinkDay.get(key) ?? { linkId: order.link.id, day, count: 0, minor: 0 }
    perLinkDay.set(key, { ...daily, count: daily.count + 1, minor: daily.minor + order.ambassadorMinor })
  }
  const items = orders.flatMap((order) => order.items.map((item) => ({ order, item })))
  const linkProductRows = links.flatMap((link) =>
    link.productIds.map((productId, position) => [link.id, productId, position]),
  )
  const catalogRows = products.map((p) => [p.id, p.title, p.description, p.image, p.priceMinor, currency, p.at])
  const catalogColumns = [
    col('id', 'uuid'),
    col('title'),
    col('description'),
    col('image'),
    col('price_minor', 'bigint'),
    col('currency'),
    col('updated_at', 'timestamptz'),
  ]
  const orderItemColumns = [
    col('id', 'uuid'),
    col('order_id', 'uuid'),
    col('product_id', 'uuid'),
    col('product_title'),
    col('price_minor', 'bigint'),
    col('quantity', 'int'),
    col('admin_revenue_minor', 'bigint'),
    col('ambassador_revenue_minor', 'bigint'),
  ]
  const orderItemRows = items.map(({ order, item }) => [
    item.id,
    order.id,
    item.productId,
    item.title,
    item.priceMinor,
    item.quantity,
    item.adminMinor,
    item.ambassadorMinor,
  ])
  const userColumns = [col('id', 'uuid'), col('first_name'), col('last_name'), col('email'), col('role')]

  // What admin's and checkout's orders tables both start with.
  const orderHeadColumns = [
    col('id', 'uuid'),
    col('link_id', 'uuid'),
    col('code'),
    col('ambassador_id', 'uuid'),
    col('first_name'),
    col('last_name'),
    col('email'),
  ]
  const orderHead = (o: BenchOrder) => [o.id, o.link.id, o.link.code, o.link.userId, o.firstName, o.lastName, o.email]
  // The same read models in admin and ambassador.
  const usersReadModel: Table = {
    name: 'users',
    columns: [...userColumns, col('updated_at', 'timestamptz')],
    rows: people.map((p) => [p.id, p.firstName, p.lastName, p.email, p.role, p.at]),
  }
  const linksReadModel: Table = {
    name: 'links',
    columns: [col('id', 'uuid'), col('code'), col('user_id', 'uuid'), col('created_at', 'timestamptz')],
    rows: links.map((l) => [l.id, l.code, l.userId, l.at]),
  }

  return {
    users: [
      {
        name: 'accounts',
        columns: [
          ...userColumns.slice(0, 4),
          col('role', 'users.role'),
          col('password_hash'),
          col('created_at', 'timestamptz'),
          col('updated_at', 'timestamptz'),
        ],
        rows: people.map((p) => [p.id, p.firstName, p.lastName, p.email, p.role, passwordHash, p.at, p.at]),
      },
      {
        name: 'earnings',
        columns: [col('user_id', 'uuid'), col('revenue_minor', 'bigint')],
        rows: [...earned].map(([id, minor]) => [id, minor]),
      },
    ],
    admin: [
      {
        name: 'products',
        columns: [
          ...catalogColumns.slice(0, 6),
          col('slug'),
          col('created_at', 'timestamptz'),
          col('updated_at', 'timestamptz'),
        ],
        rows: products.map((p) => [
          p.id,
          p.title,
          p.description,
          p.image,
          p.priceMinor,
          currency,
          slugOf(p),
          p.at,
          p.at,
        ]),
      },
      usersReadModel,
      linksReadModel,
      {
        name: 'orders',
        columns: [
          ...orderHeadColumns,
          col('currency'),
          col('total_minor', 'bigint'),
          col('admin_revenue_minor', 'bigint'),
          col('ambassador_revenue_minor', 'bigint'),
          col('completed_at', 'timestamptz'),
        ],
        rows: orders.map((o) => [...orderHead(o), currency, o.totalMinor, o.adminMinor, o.ambassadorMinor, o.at]),
      },
      { name: 'order_items', columns: orderItemColumns, rows: orderItemRows },
    ],
    ambassador: [
      { name: 'catalog', columns: catalogColumns, rows: catalogRows },
      usersReadModel,
      linksReadModel,
      {
        name: 'link_products',
        columns: [col('link_id', 'uuid'), col('product_id', 'uuid'), col('position', 'int')],
        rows: linkProductRows,
      },
      {
        name: 'link_stats',
        columns: [col('link_id', 'uuid'), col('orders_count', 'int'), col('revenue_minor', 'bigint')],
        rows: [...perLink].map(([id, s]) => [id, s.count, s.minor]),
      },
      {
        name: 'link_daily_stats',
        columns: [
          col('link_id', 'uuid'),
          col('day', 'date'),
          col('orders_count', 'int'),
          col('revenue_minor', 'bigint'),
        ],
        rows: [...perLinkDay.values()].map((d) => [d.linkId, d.day, d.count, d.minor]),
      },
    ],
    checkout: [
      { name: 'products', columns: catalogColumns, rows: catalogRows },
      {
        name: 'links',
        columns: [col('id', 'uuid'), col('code'), col('user_id', 'uuid')],
        rows: links.map((l) => [l.id, l.code, l.userId]),
      },
      {
        name: 'link_products',
        columns: [col('link_id', 'uuid'), col('product_id', 'uuid'), col('position', 'int')],
        rows: linkProductRows,
      },
      {
        name: 'ambassadors',
        columns: [col('id', 'uuid'), col('first_name'), col('last_name'), col('updated_at', 'timestamptz')],
        rows: ambassadors.map((a) => [a.id, a.firstName, a.lastName, a.at]),
      },
      {
        name: 'orders',
        columns: [
          ...orderHeadColumns,
          col('address'),
          col('country'),
          col('city'),
          col('zip'),
          col('currency'),
          col('total_minor', 'bigint'),
          col('admin_revenue_minor', 'bigint'),
          col('ambassador_revenue_minor', 'bigint'),
          col('status', 'checkout.order_status'),
          col('created_at', 'timestamptz'),
          col('completed_at', 'timestamptz'),
        ],
        rows: orders.map((o) => [
          ...orderHead(o),
          '1 Bench Street',
          'Benchland',
          'Benchton',
          '12345',
          currency,
          o.totalMinor,
          o.adminMinor,
          o.ambassadorMinor,
          'completed',
          o.at,
          o.at,
        ]),
      },
      { name: 'order_items', columns: orderItemColumns, rows: orderItemRows },
    ],
    email: [
      {
        name: 'recipients',
        columns: [...userColumns.slice(0, 4), col('role', 'email.role'), col('updated_at', 'timestamptz')],
        rows: people.map((p) => [p.id, p.firstName, p.lastName, p.email, p.role, p.at]),
      },
    ],
    media: [],
    // No webhook endpoints: nothing to deliver during the run.
    notifications: [],
    // Analytics starts empty: it counts what happens during the run.
    analytics: [],
    store: [
      {
        name: 'categories',
        columns: [col('id', 'uuid'), col('slug'), col('name'), col('updated_at', 'timestamptz')],
        rows: BENCH_CATEGORIES.map((name, i) => [categoryId(i), name.toLowerCase(), name, admin.at]),
      },
      {
        name: 'products',
        columns: [
          col('id', 'uuid'),
          col('slug'),
          col('title'),
          col('description'),
          col('images', 'jsonb'),
          col('price_minor', 'bigint'),
          col('currency'),
          col('active', 'boolean'),
          col('created_at', 'timestamptz'),
          col('updated_at', 'timestamptz'),
        ],
        rows: products.map((p) => [
          p.id,
          slugOf(p),
          p.title,
          p.description,
          JSON.stringify(p.image ? [p.image] : []),
          p.priceMinor,
          currency,
          true,
          p.at,
          p.at,
        ]),
        // Each product in one or two of the categories, spread evenly by its id.
        afterwards: `UPDATE store.products SET category_ids = ARRAY(
          SELECT c.id FROM store.categories c ORDER BY c.slug
          OFFSET abs(hashtext(store.products.id::text)) % ${BENCH_CATEGORIES.length}
          LIMIT 1 + abs(hashtext(reverse(store.products.id::text))) % 2)`,
      },
    ],
  }
}

function categoryId(i: number): string {
  return `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`
}

/** A product's slug as the admin service makes one: the title's words and the random tail of the id. */
function slugOf(product: { id: string; title: string }): string {
  const words = product.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return [words, product.id.replaceAll('-', '').slice(-8)].filter(Boolean).join('-')
}
