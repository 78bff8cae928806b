import type { PayoutData } from '@ambassador/contracts/events'
import type { Wallet, WalletEntry } from '@ambassador/contracts/http'
import { newId } from '@ambassador/kit/ids/ids'
import { userData } from '@ambassador/kit/testing/events'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkoutService } from '../index.ts'
import { outbox } from '../schema.ts'

type Problem = { code: string; message: string }

let platform: TestPlatform
let admin: Awaited<ReturnType<TestPlatform['signIn']>>
beforeAll(async () => {
  platform = await startTestPlatform([checkoutService])
  admin = await platform.signIn(userData({ role: 'admin' }))
})
afterAll(() => platform?.close())

async function shopper() {
  const user = userData({ role: 'shopper' })
  return { user, client: await platform.signIn(user) }
}

function move(userId: string, body: object, key?: string) {
  return admin.request<WalletEntry & Problem>(
    'POST',
    `/api/admin/users/${userId}/wallet/deposits`,
    body,
    key === undefined ? {} : { 'idempotency-key': key },
  )
}

async function announced(type: string, userId: string) {
  const db = platform.contexts.get('checkout')?.db
  if (!db) throw new Error('the checkout service is not running')
  const rows = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.type, type), eq(outbox.key, userId)))
  return rows.map((row) => row.data)
}

describe('store credit', () => {
  it('starts empty, for shoppers and ambassadors alike', async () => {
    const { user, client } = await shopper()
    expect((await client.get<Wallet>('/api/store/wallet')).body).toEqual({
      user_id: user.id,
      currency: 'USD',
      balance: 0,
      entries: [],
    })
    const ambassador = await platform.signIn(userData({ role: 'ambassador' }))
    expect((await ambassador.get<Wallet>('/api/ambassador/wallet')).body.balance).toBe(0)
  })

  it('takes an admin’s deposit and debit with reasons, announcing each with the balance after it', async () => {
    const { user, client } = await shopper()
    const deposit = await move(user.id, { amount: 25, reason: '  Sorry about the late parcel ' })
    expect(deposit.status).toBe(201)
    expect(deposit.body).toMatchObject({ kind: 'deposit', amount: 25, reason: 'Sorry about the late parcel' })
    const debit = await move(user.id, { amount: -7.5, reason: 'Credit given twice' })
    expect(debit.body).toMatchObject({ kind: 'debit', amount: -7.5 })
    const wallet = (await client.get<Wallet>('/api/store/wallet')).body
    expect(wallet.balance).toBe(17.5)
    expect(wallet.entries.map((e) => e.amount)).toEqual([-7.5, 25])
    expect(await announced('wallet.deposited', user.id)).toEqual([
      expect.objectContaining({ kind: 'deposit', amount_minor: 2500, balance_minor: 2500, user_id: user.id }),
    ])
    expect(await announced('wallet.debited', user.id)).toEqual([
      expect.objectContaining({ kind: 'debit', amount_minor: 750, balance_minor: 1750, reason: 'Credit given twice' }),
    ])
    expect((await admin.get<Wallet>(`/api/admin/users/${user.id}/wallet`)).body.balance).toBe(17.5)
  })

  it('never debits below zero, even when debits race', async () => {
    const { user, client } = await shopper()
    await move(user.id, { amount: 10, reason: 'Welcome credit' })
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => move(user.id, { amount: -3, reason: `Debit ${i}` })),
    )
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3)
    const refused = answers.filter((a) => a.status !== 201)
    expect(refused.every((a) => a.status === 409 && a.body.code === 'insufficient_wallet_balance')).toBe(true)
    expect((await client.get<Wallet>('/api/store/wallet')).body.balance).toBe(1)
  })

  it('answers the first entry for the same Idempotency-Key, and refuses the key for another movement', async () => {
    const { user, client } = await shopper()
    const first = await move(user.id, { amount: 5, reason: 'Goodwill' }, 'k-1')
    const again = await move(user.id, { amount: 5, reason: 'Goodwill' }, 'k-1')
    expect([first.status, again.status]).toEqual([201, 200])
    expect(again.body).toEqual(first.body)
    const other = await move(user.id, { amount: -5, reason: 'Goodwill' }, 'k-1')
    expect(other.status).toBe(409)
    expect(other.body.code).toBe('idempotency_key_reused')
    expect((await client.get<Wallet>('/api/store/wallet')).body.balance).toBe(5)
  })

  it('refuses amounts that are no money, short reasons, unknown users and other scopes', async () => {
    const { user, client } = await shopper()
    for (const amount of [0, 1.234, 100_000.01, '5']) {
      expect((await move(user.id, { amount, reason: 'Because' })).status).toBe(400)
    }
    expect((await move(user.id, { amount: 5, reason: '  ' })).status).toBe(400)
    const unknown = await move(newId(), { amount: 5, reason: 'Because' })
    expect(unknown.status).toBe(404)
    expect(unknown.body.code).toBe('user_not_found')
    expect((await move('not-an-id', { amount: 5, reason: 'Because' })).status).toBe(404)
    expect(
      (await client.request('POST', `/api/admin/users/${user.id}/wallet/deposits`, { amount: 5, reason: 'Me' })).status,
    ).toBe(403)
    expect((await client.request('GET', '/api/ambassador/wallet')).status).toBe(403)
  })

  it('credits an ambassador’s commission paid into store credit once, however often the payout arrives', async () => {
    const ambassador = userData({ role: 'ambassador' })
    const client = await platform.signIn(ambassador)
    const payout: PayoutData = {
      payout_id: newId(),
      ambassador_id: ambassador.id,
      email: ambassador.email,
      first_name: ambassador.first_name,
      amount_minor: 4_210,
      currency: 'USD',
      method: 'store_credit',
      destination: 'store credit',
      reference: null,
      reason: null,
      at: new Date().toISOString(),
    }
    const event = await platform.publish('payout.paid', payout.payout_id, payout)
    await platform.redeliver(event)
    await platform.publish('payout.paid', newId(), { ...payout, payout_id: newId(), method: 'paypal' })
    await platform.drain()
    const wallet = (await client.get<Wallet>('/api/ambassador/wallet')).body
    expect(wallet.balance).toBe(42.1)
    expect(wallet.entries).toEqual([expect.objectContaining({ kind: 'commission', amount: 42.1 })])
  })
})
