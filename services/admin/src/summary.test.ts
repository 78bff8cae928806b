import type { UserData } from '@ambassador/contracts/events'
import type { StoreSummary } from '@ambassador/contracts/http'
import { newId } from '@ambassador/kit/ids/ids'
import { completedOrderData, userData } from '@ambassador/kit/testing/events'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import type { Static } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminService } from './index.ts'

type Summary = Static<typeof StoreSummary>

let platform: TestPlatform
let admin: TestClient

beforeAll(async () => {
  platform = await startTestPlatform([adminService])
  admin = await platform.signIn(userData({ role: 'admin', email: 'boss@example.com' }))
})
afterAll(() => platform?.close())

const DAY_MS = 86_400_000
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString()

async function announceAmbassador(first_name: string): Promise<UserData> {
  const user: UserData = {
    id: newId(),
    first_name,
    last_name: 'Test',
    email: `${first_name}@example.com`,
    role: 'ambassador',
  }
  await platform.publish('user.registered', user.id, user)
  return user
}

/** An order of `quantity` items at 10.00, so it pays 10.00 × quantity with a 10% commission. */
async function completeOrder(ambassadorId: string, quantity: number, completedAt: string) {
  const order = completedOrderData(
    { ambassadorId, lines: [{ title: 'Mug', price_minor: 1000, quantity }] },
    { completed_at: completedAt },
  )
  await platform.publish('order.completed', order.id, order)
  return order
}

describe('GET /api/admin/summary', () => {
  it('is all zeros for a store without orders', async () => {
    const response = await admin.get('/api/admin/summary')
    expect(response.status).toBe(200)
    expect(response.body).toEqual({
      orders: 0,
      revenue: 0,
      store_revenue: 0,
      commissions: 0,
      daily: [],
      top_ambassadors: [],
    })
  })

  it('totals every order, adds up each day, and ranks ambassadors by commission', async () => {
    const ada = await announceAmbassador('Ada')
    const grace = await announceAmbassador('Grace')
    const today = daysAgo(0)
    const twoDaysAgo = daysAgo(2)
    await completeOrder(ada.id, 1, today)
    await completeOrder(grace.id, 3, today)
    await completeOrder(grace.id, 2, twoDaysAgo)
    await completeOrder(ada.id, 5, daysAgo(40)) // outside the 30-day chart, inside the totals

    const summary = (await admin.get<Summary>('/api/admin/summary')).body
    expect(summary).toMatchObject({ orders: 4, revenue: 110, store_revenue: 99, commissions: 11 })
    expect(summary.daily).toEqual([
      { date: twoDaysAgo.slice(0, 10), orders: 1, revenue: 20 },
      { date: today.slice(0, 10), orders: 2, revenue: 40 },
    ])
    expect(summary.top_ambassadors).toEqual([
      { id: ada.id, name: 'Ada Test', orders: 2, revenue: 6 },
      { id: grace.id, name: 'Grace Test', orders: 2, revenue: 5 },
    ])
  })

  it('charts as many days as asked, and names an ambassador not yet announced as null', async () => {
    const stranger = newId()
    await completeOrder(stranger, 1, daysAgo(100))
    const summary = (await admin.get<Summary>('/api/admin/summary?days=365')).body
    expect(summary.daily[0]).toEqual({ date: daysAgo(100).slice(0, 10), orders: 1, revenue: 10 })
    expect(summary.top_ambassadors).toContainEqual({ id: stranger, name: null, orders: 1, revenue: 1 })
  })

  it('refuses a number of days it cannot chart', async () => {
    for (const days of ['0', '366', '1.5', 'week']) {
      const response = await admin.get<{ message: string }>(`/api/admin/summary?days=${days}`)
      expect(response.status, days).toBe(400)
      expect(response.body.message).toMatch(/days/)
    }
  })

  it('is for admins only', async () => {
    expect((await testClient(platform.app).get('/api/admin/summary')).status).toBe(401)
  })
})
