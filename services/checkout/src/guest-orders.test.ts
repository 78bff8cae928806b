import type { EventEnvelope, UserData } from '@ambassador/contracts/events'
import type { ShopperOrderSummary } from '@ambassador/contracts/http'
import { newId } from '@ambassador/kit/ids/ids'
import { userData } from '@ambassador/kit/testing/events'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { eq, inArray, sql } from 'drizzle-orm'
import type { Static } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { guestOrdersWith, verifiedShopperWith } from './guest-orders.ts'
import { checkoutService } from './index.ts'
import { orders } from './schema.ts'
import { checkoutDb, orderBody, type SeededStore, seedStore } from './testing/store.ts'

let platform: TestPlatform
let store: SeededStore

beforeAll(async () => {
  platform = await startTestPlatform([checkoutService], { CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000' })
  store = await seedStore(platform, [{ title: 'Teapot', price_minor: 1999 }])
})
afterAll(() => platform?.close())

type Summary = Static<typeof ShopperOrderSummary>

/** Places an order through the link as `client` (a guest unless signed in) with this email; returns its id. */
async function order(email: string, client: TestClient = testClient(platform.app)): Promise<string> {
  const teapot = store.products[0]?.id ?? ''
  const placed = await client.post<{ id: string }>(
    '/api/checkout/orders',
    orderBody(store.link.code, [{ product_id: teapot, quantity: 1 }], { email }),
  )
  expect(placed.status, placed.text).toBe(201)
  const [row] = await checkoutDb(platform)
    .select({ id: orders.id })
    .from(orders)
    .where(eq(orders.paymentSessionId, placed.body.id))
  return row?.id ?? ''
}

/** Places an order from a guest's cart with this email; returns its id. */
async function cartOrder(email: string): Promise<string> {
  const guest = testClient(platform.app)
  const added = await guest.post('/api/store/cart/lines', { product_id: store.products[0]?.id, quantity: 1 })
  expect(added.status, added.text).toBe(200)
  const { code: _code, products: _products, ...customer } = orderBody(store.link.code, [], { email })
  const placed = await guest.post<{ id: string }>('/api/store/cart/checkout', customer)
  expect(placed.status, placed.text).toBe(201)
  const [row] = await checkoutDb(platform)
    .select({ id: orders.id })
    .from(orders)
    .where(eq(orders.paymentSessionId, placed.body.id))
  return row?.id ?? ''
}

async function ownersOf(ids: string[]) {
  const rows = await checkoutDb(platform)
    .select({ id: orders.id, customerId: orders.customerId })
    .from(orders)
    .where(inArray(orders.id, ids))
  return Object.fromEntries(rows.map((row) => [row.id, row.customerId]))
}

async function orderIdsOf(client: TestClient) {
  const response = await client.get<Summary[]>('/api/store/orders')
  expect(response.status).toBe(200)
  return response.body.map((o) => o.id).sort()
}

const unique = (name: string) => `${name}-${newId()}@example.com`

describe('guest orders joining an account', () => {
  it('gives a shopper whose email is verified every guest order placed with it, in any case', async () => {
    const email = unique('grace')
    const guestOrders = [await order(email), await order(email.toUpperCase()), await order(email.replace(/^g/, 'G'))]
    const stranger = await order(unique('someone'))
    const grace = await platform.signIn(userData({ role: 'shopper', email, email_verified: true }))
    expect(await orderIdsOf(grace)).toEqual([...guestOrders].sort())
    expect((await ownersOf([stranger]))[stranger]).toBeNull()
  })

  it('gives none while the email is not verified, and all of them once it is', async () => {
    const email = unique('unverified')
    const guestOrder = await order(email)
    const user = userData({ role: 'shopper', email, email_verified: false })
    const client = await platform.signIn(user)
    expect(await orderIdsOf(client)).toEqual([])
    await platform.publish('user.updated', user.id, { ...user })
    expect(await orderIdsOf(client)).toEqual([])

    await platform.publish('user.updated', user.id, { ...user, email_verified: true })
    expect(await orderIdsOf(client)).toEqual([guestOrder])
  })

  it('gives none to an ambassador or an admin, verified or not', async () => {
    const email = unique('ambassador')
    const guestOrder = await order(email)
    for (const role of ['ambassador', 'admin'] as const) {
      await platform.publish('user.registered', newId(), userData({ role, email, email_verified: true }))
    }
    expect(await ownersOf([guestOrder])).toEqual({ [guestOrder]: null })
  })

  it('never moves an order another account owns, and a replay changes nothing', async () => {
    const email = unique('shared')
    const otherUser = userData({ role: 'shopper' })
    const other = await platform.signIn(otherUser)
    const othersOrder = await order(email, other)
    const guestOrder = await order(email)
    const user = userData({ role: 'shopper', email, email_verified: true })
    const registered = await platform.publish('user.registered', user.id, user)
    expect(await ownersOf([othersOrder, guestOrder])).toEqual({
      [othersOrder]: otherUser.id,
      [guestOrder]: user.id,
    })

    // The same event again (as a redelivery), and the same account announced anew: nothing moves.
    await platform.redeliver(registered as EventEnvelope)
    await platform.publish('user.updated', user.id, { ...user })
    expect(await ownersOf([othersOrder, guestOrder])).toEqual({ [othersOrder]: otherUser.id, [guestOrder]: user.id })
    expect(await orderIdsOf(other)).toEqual([othersOrder])
  })

  it('ignores an event older than what checkout knows of the account (an address verified before it changed)', async () => {
    const oldEmail = unique('old')
    const guestOrder = await order(oldEmail)
    const user: UserData = { ...userData({ role: 'shopper' }), email: unique('new'), email_verified: false }
    await platform.publish('user.registered', user.id, user)
    const late: EventEnvelope<'user.updated'> = {
      id: newId(),
      type: 'user.updated',
      version: 1,
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      key: user.id,
      data: { ...user, email: oldEmail, email_verified: true },
    }
    await platform.redeliver(late as EventEnvelope)
    expect(await ownersOf([guestOrder])).toEqual({ [guestOrder]: null })
  })

  it('finds the guest orders of an email through an index, not by reading every order', async () => {
    const plan = await checkoutDb(platform).transaction(async (tx) => {
      // With sequential scans priced out, the plan shows whether an index can answer the statement at all.
      await tx.execute(sql`SET LOCAL enable_seqscan = off`)
      return tx.execute<{ 'QUERY PLAN': string }>(
        sql`EXPLAIN UPDATE ${orders} SET customer_id = ${newId()} WHERE ${guestOrdersWith('Someone@Example.com')}`,
      )
    })
    expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('orders_guest_email')
  })
})

describe('a guest order placed after a shopper proved its email', () => {
  it('is theirs at once, in any case of the email, through a link or a cart', async () => {
    const email = unique('later')
    const user = userData({ role: 'shopper', email, email_verified: true })
    const shopper = await platform.signIn(user)
    const viaLink = await order(email.toUpperCase())
    const viaCart = await cartOrder(email.replace(/^l/, 'L'))
    expect(await orderIdsOf(shopper)).toEqual([viaLink, viaCart].sort())
  })

  it('is nobody’s while the email is not verified', async () => {
    const email = unique('unproved')
    const shopper = await platform.signIn(userData({ role: 'shopper', email, email_verified: false }))
    const guestOrder = await order(email)
    expect(await orderIdsOf(shopper)).toEqual([])
    expect(await ownersOf([guestOrder])).toEqual({ [guestOrder]: null })
  })

  it('is nobody’s with an address an ambassador or admin proved', async () => {
    const email = unique('staff')
    await platform.publish('user.registered', newId(), userData({ role: 'ambassador', email, email_verified: true }))
    const guestOrder = await order(email)
    expect(await ownersOf([guestOrder])).toEqual({ [guestOrder]: null })
  })

  it('stops joining the old address once the email changed, and joins the new one once it is proved', async () => {
    const oldEmail = unique('before')
    const newEmail = unique('after')
    const user = userData({ role: 'shopper', email: oldEmail, email_verified: true })
    const shopper = await platform.signIn(user)
    await platform.publish('user.updated', user.id, { ...user, email: newEmail, email_verified: false })
    const toOld = await order(oldEmail)
    const toNewUnproved = await order(newEmail)
    expect(await orderIdsOf(shopper)).toEqual([])

    await platform.publish('user.updated', user.id, { ...user, email: newEmail, email_verified: true })
    const toNew = await order(newEmail)
    expect(await orderIdsOf(shopper)).toEqual([toNewUnproved, toNew].sort())
    expect(await ownersOf([toOld])).toEqual({ [toOld]: null })
  })

  it('goes to the account that proved the address last', async () => {
    const email = unique('handed-on')
    const first = userData({ role: 'shopper', email, email_verified: true })
    await platform.publish('user.registered', first.id, first)
    await platform.publish('user.updated', first.id, { ...first, email: unique('elsewhere') })
    const second = userData({ role: 'shopper', email: email.toUpperCase(), email_verified: true })
    const secondClient = await platform.signIn(second)
    const guestOrder = await order(email)
    expect(await orderIdsOf(secondClient)).toEqual([guestOrder])
  })

  it('is not remapped by an older event arriving late', async () => {
    const oldEmail = unique('was')
    const newEmail = unique('is')
    const user = userData({ role: 'shopper', email: oldEmail, email_verified: true })
    const shopper = await platform.signIn(user)
    await platform.publish('user.updated', user.id, { ...user, email: newEmail })
    // The account's own event from before the change, delivered again.
    await platform.redeliver(olderEvent(user.id, user))
    // Another account's claim to the new address, older than this one's.
    const other = userData({ role: 'shopper', email: newEmail, email_verified: true })
    await platform.redeliver(olderEvent(other.id, other))

    const toOld = await order(oldEmail)
    const toNew = await order(newEmail)
    expect(await orderIdsOf(shopper)).toEqual([toNew])
    expect(await ownersOf([toOld])).toEqual({ [toOld]: null })
  })

  it('stays the signed-in shopper’s own, even with another shopper’s proved email', async () => {
    const email = unique('proved')
    const owner = await platform.signIn(userData({ role: 'shopper', email, email_verified: true }))
    const buyerUser = userData({ role: 'shopper', email: unique('buyer'), email_verified: true })
    const buyer = await platform.signIn(buyerUser)
    const bought = await order(email, buyer)
    expect(await ownersOf([bought])).toEqual({ [bought]: buyerUser.id })
    expect(await orderIdsOf(buyer)).toEqual([bought])
    expect(await orderIdsOf(owner)).toEqual([])
  })

  it('finds the shopper of an email through the primary key, not by reading every address', async () => {
    const plan = await checkoutDb(platform).transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL enable_seqscan = off`)
      return tx.execute<{ 'QUERY PLAN': string }>(sql`EXPLAIN SELECT ${verifiedShopperWith('Someone@Example.com')}`)
    })
    expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('verified_shoppers_pkey')
  })
})

/** A user.updated that occurred a minute ago, as a late or replayed delivery brings it. */
function olderEvent(key: string, data: UserData): EventEnvelope {
  const event: EventEnvelope<'user.updated'> = {
    id: newId(),
    type: 'user.updated',
    version: 1,
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    key,
    data,
  }
  return event as EventEnvelope
}
