import type { OrderCompletedData, ProductData, UserData } from '@ambassador/contracts/events'
import { newId } from '@ambassador/kit/ids/ids'
import { completedOrderData, userData } from '@ambassador/kit/testing/events'
import type { TestClient } from '@ambassador/kit/testing/http-client'
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

/** An ambassador announced as the users service would, with a client signed in as them. */
export async function signUpAmbassador(
  platform: TestPlatform,
  person: Partial<Pick<UserData, 'first_name' | 'last_name' | 'email'>> = {},
): Promise<{ client: TestClient; id: string; user: UserData }> {
  const user = userData(person)
  return { client: await platform.signIn(user), id: user.id, user }
}

/** A client signed in as an admin. */
export function logInAdmin(platform: TestPlatform): Promise<TestClient> {
  return platform.signIn(userData({ role: 'admin', first_name: 'Boss', email: 'boss@example.com' }))
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
