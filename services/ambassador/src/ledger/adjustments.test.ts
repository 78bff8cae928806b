import type { LedgerBalances, LedgerEntry, LedgerEntryPage } from '@ambassador/contracts/http'
import { newId } from '@ambassador/kit/ids/ids'
import { userData } from '@ambassador/kit/testing/events'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completedOrder, logInAdmin, productData, publishProducts, signUpAmbassador } from '../fixtures.ts'
import { ambassadorService } from '../index.ts'
import { ledgerEntries } from '../schema.ts'

const mug = productData({ title: 'Mug', price_minor: 1250 })

let platform: TestPlatform
beforeAll(async () => {
  platform = await startTestPlatform([ambassadorService])
  await publishProducts(platform, [mug])
})
afterAll(() => platform?.close())

type Ambassador = Awaited<ReturnType<typeof signUpAmbassador>>
type Admin = Awaited<ReturnType<typeof logInAdmin>>

function adjust(admin: Admin, ambassadorId: string, body: unknown, key?: string) {
  return admin.request<LedgerEntry & { code: string; message: string }>(
    'POST',
    `/api/admin/ambassadors/${ambassadorId}/ledger/adjustments`,
    body,
    key === undefined ? {} : { 'idempotency-key': key },
  )
}

async function balances(ambassador: Ambassador) {
  return (await ambassador.client.get<LedgerBalances>('/api/ambassador/ledger')).body
}

async function entries(ambassador: Ambassador) {
  return (await ambassador.client.get<LedgerEntryPage>('/api/ambassador/ledger/entries')).body
}

describe('POST /api/admin/ambassadors/:id/ledger/adjustments', () => {
  it('credits the approved balance with the admin’s reason, recording which admin did it', async () => {
    const ada = await signUpAmbassador(platform)
    const boss = userData({ role: 'admin' })
    const admin = await platform.signIn(boss)
    const created = await adjust(admin, ada.id, { amount: 5, reason: '  Bonus for the spring campaign ' })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      kind: 'adjustment',
      currency: 'USD',
      pending: 0,
      approved: 5,
      paid: 0,
      order_id: null,
      order_item_id: null,
      rate_basis_points: null,
      reason: 'Bonus for the spring campaign',
    })
    expect(await balances(ada)).toEqual({
      currency: 'USD',
      pending: 0,
      approved: 5,
      paid: 0,
      processing: 0,
      available: 5,
      payout_minimum: 50,
    })
    expect((await entries(ada)).data).toEqual([created.body])

    const db = platform.contexts.get('ambassador')?.db
    if (!db) throw new Error('the ambassador service is not running')
    const [stored] = await db.select().from(ledgerEntries).where(eq(ledgerEntries.id, created.body.id))
    expect(stored).toMatchObject({ rule: 'manual', orderItemId: null })
    expect(stored?.sourceEventId).toBe(`adjustment:${created.body.id}:by:${boss.id}`)
  })

  it('debits the approved balance, below zero if need be, leaving pending commission alone', async () => {
    const ada = await signUpAmbassador(platform)
    const order = completedOrder({ id: newId(), code: 'c0de', user_id: ada.id }, [{ product: mug, quantity: 2 }])
    await platform.publish('order.completed', order.id, order)
    const admin = await logInAdmin(platform)
    expect((await adjust(admin, ada.id, { amount: 1.5, reason: 'Goodwill' })).status).toBe(201)
    const debit = await adjust(admin, ada.id, { amount: -4.25, reason: 'Commission paid by hand in March' })
    expect(debit.status).toBe(201)
    expect(debit.body.approved).toBe(-4.25)
    expect(await balances(ada)).toEqual({
      currency: 'USD',
      pending: 2.5,
      approved: -2.75,
      paid: 0,
      processing: 0,
      available: 0,
      payout_minimum: 50,
    })
    expect((await entries(ada)).data.map((e) => [e.kind, e.approved])).toEqual([
      ['adjustment', -4.25],
      ['adjustment', 1.5],
      ['accrual', 0],
    ])
  })

  it('refuses amounts and reasons it cannot take, with a message saying why, and adds nothing', async () => {
    const ada = await signUpAmbassador(platform)
    const admin = await logInAdmin(platform)
    const refused: [unknown, string][] = [
      [{ amount: 0, reason: 'Nothing at all' }, 'must not be 0'],
      [{ amount: 1.005, reason: 'Too precise' }, 'at most 2 decimals'],
      [{ amount: -0.001, reason: 'Too precise' }, 'at most 2 decimals'],
      [{ amount: 100_000.01, reason: 'Too much' }, 'at most 100000.00'],
      [{ amount: -100_000.01, reason: 'Too much' }, 'at most 100000.00'],
      [{ amount: '5', reason: 'A string amount' }, 'amount'],
      [{ amount: 5, reason: 'ok' }, 'reason'],
      [{ amount: 5, reason: '    ' }, 'reason'],
      [{ amount: 5, reason: 'x'.repeat(501) }, 'reason'],
      [{ amount: 5 }, 'reason'],
      [{ reason: 'No amount' }, 'amount'],
    ]
    for (const [body, says] of refused) {
      const response = await adjust(admin, ada.id, body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect(response.body.message, JSON.stringify(body)).toContain(says)
    }
    expect((await adjust(admin, ada.id, { amount: 5, reason: 'A key too long' }, 'k'.repeat(201))).status).toBe(400)
    expect((await adjust(admin, ada.id, { amount: -100_000, reason: 'The most it takes' })).status).toBe(201)
    expect((await entries(ada)).total).toBe(1)
  })

  it('404s for someone who is not a known ambassador', async () => {
    const admin = await logInAdmin(platform)
    for (const id of [newId(), 'not-a-uuid']) {
      const missing = await adjust(admin, id, { amount: 5, reason: 'Bonus' })
      expect(missing.status).toBe(404)
      expect(missing.body.code).toBe('ambassador_not_found')
    }
  })

  it('answers the first entry for the same Idempotency-Key instead of adding another, per ambassador', async () => {
    const [ada, grace] = [await signUpAmbassador(platform), await signUpAmbassador(platform)]
    const admin = await logInAdmin(platform)
    const body = { amount: 5, reason: 'Bonus' }
    const first = await adjust(admin, ada.id, body, 'bonus-2026-03')
    expect(first.status).toBe(201)
    const replays = await Promise.all([1, 2, 3].map(() => adjust(admin, ada.id, body, 'bonus-2026-03')))
    for (const replay of replays) {
      expect(replay.status).toBe(200)
      expect(replay.body).toEqual(first.body)
    }
    const changed = await adjust(admin, ada.id, { amount: 50, reason: 'Bonus' }, 'bonus-2026-03')
    expect(changed.status).toBe(409)
    expect(changed.body.code).toBe('idempotency_key_reused')
    expect(await balances(ada)).toMatchObject({ approved: 5 })
    expect((await entries(ada)).total).toBe(1)

    // The same key for someone else is their own adjustment; no key is a new one each time.
    expect((await adjust(admin, grace.id, body, 'bonus-2026-03')).status).toBe(201)
    expect((await adjust(admin, ada.id, body)).status).toBe(201)
    expect((await adjust(admin, ada.id, body)).status).toBe(201)
    expect(await balances(ada)).toMatchObject({ approved: 15 })
    expect(await balances(grace)).toMatchObject({ approved: 5 })
  })

  it('is for admins only: an ambassador cannot adjust a balance, not even their own', async () => {
    const ada = await signUpAmbassador(platform)
    const response = await ada.client.post(`/api/admin/ambassadors/${ada.id}/ledger/adjustments`, {
      amount: 100,
      reason: 'A raise',
    })
    expect(response.status).toBe(403)
    expect(await balances(ada)).toMatchObject({ approved: 0 })
  })
})
