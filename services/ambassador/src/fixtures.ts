import type { OrderCompletedData, ProductData } from '@ambassador/contracts/events'
import { newId } from '@ambassador/kit/ids/ids'
import { splitCommission } from '@ambassador/kit/money/money'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'

/** Test data: a catalog product as the admin service announces it. */
export function productData(overrides: Partial<ProductData> = {}): ProductData {
  return {
    id: newId(),
    title: 'Mug',
    description: 'A mug',
    image: 'https://example.com/mug.png',
    price_minor: 1000,
    currency: 'USD',
    ...overrides,
  }
}

/** Test data: announces products as the admin service would and returns what was announced. */
export async function publishProducts(platform: TestPlatform, products: ProductData[]) {
  for (const product of products) await platform.publish('product.created', product.id, product)
  return products
}

/** Registers an ambassador through the users service, logs in, and lets the read models catch up. */
export async function signUpAmbassador(
  platform: TestPlatform,
  person: { first_name: string; last_name: string; email: string },
): Promise<{ client: TestClient; id: string }> {
  const client = testClient(platform.app)
  const password = 'correct-horse'
  const registered = await client.post<{ id: string }>('/api/ambassador/register', {
    ...person,
    password,
    password_confirm: password,
  })
  if (registered.status !== 201) throw new Error(`registration failed: ${registered.text}`)
  const login = await client.post('/api/ambassador/login', { email: person.email, password })
  if (login.status !== 200) throw new Error(`login failed: ${login.text}`)
  await platform.drain()
  return { client, id: registered.body.id }
}

/** Logs in as the admin created from ADMIN_EMAIL / ADMIN_PASSWORD. */
export async function logInAdmin(platform: TestPlatform, email: string, password: string): Promise<TestClient> {
  const client = testClient(platform.app)
  const login = await client.post('/api/admin/login', { email, password })
  if (login.status !== 200) throw new Error(`admin login failed: ${login.text}`)
  return client
}

/** Test data: a completed order through a link, with the commission split as checkout splits it (10%). */
export function completedOrder(
  link: { id: string; code: string; user_id: string },
  lines: { product: ProductData; quantity: number }[],
): OrderCompletedData {
  const items = lines.map(({ product, quantity }) => {
    const split = splitCommission(product.price_minor * quantity, 1000)
    return {
      id: newId(),
      product_id: product.id,
      product_title: product.title,
      price_minor: product.price_minor,
      quantity,
      admin_revenue_minor: split.adminMinor,
      ambassador_revenue_minor: split.ambassadorMinor,
    }
  })
  const sum = (pick: (item: (typeof items)[number]) => number) => items.reduce((total, i) => total + pick(i), 0)
  return {
    id: newId(),
    link_id: link.id,
    code: link.code,
    ambassador_id: link.user_id,
    first_name: 'Carol',
    last_name: 'Customer',
    email: 'carol@example.com',
    address: '1 Main St',
    country: 'US',
    city: 'Springfield',
    zip: '12345',
    currency: 'USD',
    total_minor: sum((i) => i.price_minor * i.quantity),
    admin_revenue_minor: sum((i) => i.admin_revenue_minor),
    ambassador_revenue_minor: sum((i) => i.ambassador_revenue_minor),
    items,
    completed_at: new Date().toISOString(),
  }
}
