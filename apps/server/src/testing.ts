import type { Clock } from '@ambassador/kit/clock/clock'
import type { Env } from '@ambassador/kit/config/config'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { allServices } from './services.ts'
import { pageRoutes } from './web-app.ts'

export { WEB_DIST } from './web-app.ts'

export const TEST_ADMIN = { email: 'admin@example.com', password: 'admin-password' }

/** The whole platform, every service in one process on a fresh database, as `npm start` runs it (with the web app and the demo pictures when asked). */
export function startWholePlatform(
  env: Env = {},
  options: { webApp?: boolean; clock?: Clock } = {},
): Promise<TestPlatform> {
  return startTestPlatform(
    Object.values(allServices),
    { ADMIN_EMAIL: TEST_ADMIN.email, ADMIN_PASSWORD: TEST_ADMIN.password, ...env },
    { ...(options.webApp ? { routes: pageRoutes } : {}), ...(options.clock ? { clock: options.clock } : {}) },
  )
}

/** What Charles Babbage sends to order through a link: his address and the lines (product id and quantity). */
export function customerOrder(code: string, products: { product_id: string; quantity: number }[]) {
  return {
    first_name: 'Charles',
    last_name: 'Babbage',
    email: 'charles@example.com',
    address: '1 Engine Way',
    country: 'UK',
    city: 'London',
    zip: 'NW1',
    code,
    products,
  }
}
