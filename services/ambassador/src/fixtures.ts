import type { OrderCompletedData, ProductData } from '@ambassador/contracts/events'
import { newId } from '@ambassador/kit/ids/ids'
import { completedOrderData } from '@ambassador/kit/testing/events'
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
  return completedOrderData(
    {
      ambassadorId: link.user_id,
      linkId: link.id,
      code: link.code,
      lines: lines.map(({ product, quantity }) => ({
        product_id: product.id,
        title: product.title,
        price_minor: product.price_minor,
        quantity,
      })),
    },
    { first_name: 'Carol', last_name: 'Customer', email: 'carol@example.com' },
  )
}
