import { ambassadorService, netCommissionByAmbassador, rebuildStatsFromLedger } from '@ambassador/ambassador'
import type { ProductData } from '@ambassador/contracts/events'
import type { LedgerBalances } from '@ambassador/contracts/http'
import { newId } from '@ambassador/kit/ids/ids'
import { completedOrderData } from '@ambassador/kit/testing/events'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { prng } from '@ambassador/kit/testing/prng'
import { replaceEarnings, usersService } from '@ambassador/users'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

let platform: TestPlatform
beforeAll(async () => {
  platform = await startTestPlatform([usersService, ambassadorService])
})
afterAll(() => platform?.close())

const product: ProductData = {
  id: newId(),
  title: 'Revenue Mug',
  description: 'A mug',
  image: '',
  price_minor: 1333,
  currency: 'USD',
}

type Ambassador = { client: TestClient; id: string; name: string; link: { id: string; code: string; user_id: string } }

/** An ambassador registered with the users service (which keeps their `revenue`), with a link of their own. */
async function registerAmbassador(first_name: string): Promise<Ambassador> {
  const client = testClient(platform.app)
  const credentials = { email: `${first_name.toLowerCase()}@example.com`, password: 'ambassador-pw' }
  const registered = await client.post('/api/ambassador/register', {
    first_name,
    last_name: 'Earner',
    ...credentials,
    password_confirm: credentials.password,
  })
  expect(registered.status, registered.text).toBe(201)
  expect((await client.post('/api/ambassador/login', credentials)).status).toBe(200)
  await platform.drain() // the ambassador service learns of them through user.registered
  const { body: me } = await client.get<{ id: string }>('/api/ambassador/user')
  const link = await client.post<Ambassador['link']>('/api/ambassador/links', { products: [product.id] })
  expect(link.status, link.text).toBe(201)
  return { client, id: me.id, name: `${first_name} Earner`, link: link.body }
}

const minor = (major: number) => Math.round(major * 100)

describe('the ledger and the users service’s revenue', () => {
  it('agree on every ambassador’s net commission, and the rebuilt rankings show the same amounts', async () => {
    await platform.publish('product.created', product.id, product)
    const ambassadors = [await registerAmbassador('Rita'), await registerAmbassador('Remy')]
    const random = prng(4242)
    for (let step = 0; step < 30; step++) {
      const ambassador = ambassadors[random.int(0, 1)] as Ambassador
      const order = completedOrderData(
        {
          ambassadorId: ambassador.id,
          linkId: ambassador.link.id,
          code: ambassador.link.code,
          lines: [
            {
              product_id: product.id,
              title: product.title,
              price_minor: product.price_minor,
              quantity: random.int(1, 5),
            },
          ],
        },
        { first_name: 'Carol', last_name: 'Customer', email: 'carol@example.com' },
      )
      await platform.publish('order.completed', order.id, order)
      const line = order.items[0]
      if (!line || random.int(0, 2) === 0) continue
      // A partial refund of the line: part of its commission taken back.
      const taken = random.int(1, line.ambassador_revenue_minor)
      await platform.publish('order.refunded', order.id, {
        id: newId(),
        order_id: order.id,
        link_id: order.link_id,
        code: order.code,
        ambassador_id: order.ambassador_id,
        first_name: order.first_name,
        last_name: order.last_name,
        email: order.email,
        currency: order.currency,
        amount_minor: taken * 10,
        admin_revenue_minor: taken * 9,
        ambassador_revenue_minor: taken,
        items: [
          {
            order_item_id: line.id,
            product_id: line.product_id,
            product_title: line.product_title,
            quantity: 0,
            amount_minor: taken * 10,
            ambassador_revenue_minor: taken,
            admin_revenue_minor: taken * 9,
          },
        ],
        order_total_minor: order.total_minor,
        order_refunded_minor: taken * 10,
        order_completed_at: order.completed_at,
        refunded_at: new Date().toISOString(),
      })
    }

    const ctx = platform.contexts.get('ambassador') as Parameters<typeof rebuildStatsFromLedger>[0]
    await ctx.leaderboard.replace([]) // the rankings lost: the rebuild must bring back the same amounts
    await rebuildStatsFromLedger(ctx)
    const rankings = (await ambassadors[0]?.client.get<Record<string, number>>('/api/ambassador/rankings'))?.body
    for (const ambassador of ambassadors) {
      const { body: user } = await ambassador.client.get<{ revenue: number }>('/api/ambassador/user')
      const { body: ledger } = await ambassador.client.get<LedgerBalances>('/api/ambassador/ledger')
      // No payouts or adjustments yet: what is pending, approved and paid is what was accrued less what was reversed.
      const net = minor(ledger.pending) + minor(ledger.approved) + minor(ledger.paid)
      expect(net, ambassador.name).toBeGreaterThan(0)
      expect(minor(user.revenue), ambassador.name).toBe(net)
      expect(minor(rankings?.[ambassador.name] ?? Number.NaN), ambassador.name).toBe(net)
    }

    // The revenue lost or wrong in users: rebuilt from the ledger's totals, it is the same again.
    const users = platform.contexts.get('users')
    if (!users) throw new Error('the users service is not running')
    const before = new Map<string, number>()
    for (const ambassador of ambassadors) {
      before.set(
        ambassador.id,
        minor((await ambassador.client.get<{ revenue: number }>('/api/ambassador/user')).body.revenue),
      )
    }
    await users.db.execute(sql`UPDATE users.earnings SET revenue_minor = revenue_minor + 777`)
    const totals = await netCommissionByAmbassador(ctx)
    expect(await replaceEarnings(users, totals, { check: true })).toHaveLength(ambassadors.length)
    const changed = await replaceEarnings(users, totals)
    expect(changed.map((c) => c.after_minor - c.before_minor)).toEqual(ambassadors.map(() => -777))
    for (const ambassador of ambassadors) {
      const { body: user } = await ambassador.client.get<{ revenue: number }>('/api/ambassador/user')
      expect(minor(user.revenue), ambassador.name).toBe(before.get(ambassador.id))
    }
    expect(await replaceEarnings(users, totals, { check: true })).toEqual([])
  })
})
