import type { LedgerBalances, LedgerEntryPage, Payout, PayoutBatch, PayoutPage } from '@ambassador/contracts/http'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logInAdmin, signUpAmbassador } from '../fixtures.ts'
import { ambassadorService } from '../index.ts'
import { ledgerEntries, outbox } from '../schema.ts'

type Ambassador = Awaited<ReturnType<typeof signUpAmbassador>>
type Client = Ambassador['client']
type Problem = { code: string; message: string }

let platform: TestPlatform
let admin: Client
beforeAll(async () => {
  platform = await startTestPlatform([ambassadorService], { PAYOUT_MINIMUM: '20', STORE_NAME: 'Kites & Co' })
  admin = await logInAdmin(platform)
})
afterAll(() => platform?.close())

function db() {
  const database = platform.contexts.get('ambassador')?.db
  if (!database) throw new Error('the ambassador service is not running')
  return database
}

/** An ambassador with `approved` of approved commission (an admin's credit) and PayPal details saved. */
async function ambassadorWith(approved: number, person: Parameters<typeof signUpAmbassador>[1] = {}) {
  const ambassador = await signUpAmbassador(platform, person)
  if (approved > 0) {
    const credit = await admin.post(`/api/admin/ambassadors/${ambassador.id}/ledger/adjustments`, {
      amount: approved,
      reason: 'Approved commission',
    })
    expect(credit.status).toBe(201)
  }
  const saved = await ambassador.client.request('PUT', '/api/ambassador/payout-details', {
    method: 'paypal',
    email: ambassador.user.email,
  })
  expect(saved.status).toBe(200)
  return ambassador
}

function requestPayout(ambassador: Ambassador, body: object = {}, key?: string) {
  return ambassador.client.request<Payout & Problem>(
    'POST',
    '/api/ambassador/payouts',
    body,
    key === undefined ? {} : { 'idempotency-key': key },
  )
}

async function balances(ambassador: Ambassador) {
  return (await ambassador.client.get<LedgerBalances>('/api/ambassador/ledger')).body
}

async function batchOf(payoutIds: string[]) {
  const created = await admin.request<PayoutBatch & Problem>('POST', '/api/admin/payouts/batches', {
    payout_ids: payoutIds,
  })
  expect(created.status, created.body.message).toBe(201)
  return created.body
}

describe('payout details', () => {
  it('keeps where the ambassador wants to be paid, asking each method for what it needs', async () => {
    const ada = await signUpAmbassador(platform)
    expect((await ada.client.get('/api/ambassador/payout-details')).body).toEqual({ details: null })
    const refusals: [object, string][] = [
      [{ method: 'paypal' }, 'payout_email_required'],
      [{ method: 'wise', email: 'ada@wise.example' }, 'payout_account_holder_required'],
      [{ method: 'stripe_connect', stripe_account_id: 'ba_123' }, 'invalid_stripe_account'],
    ]
    for (const [body, code] of refusals) {
      const refused = await ada.client.request<Problem>('PUT', '/api/ambassador/payout-details', body)
      expect(refused.status).toBe(400)
      expect(refused.body.code).toBe(code)
    }
    const bad = await ada.client.request('PUT', '/api/ambassador/payout-details', { method: 'cheque' })
    expect(bad.status).toBe(400)

    const saved = await ada.client.request('PUT', '/api/ambassador/payout-details', {
      method: 'wise',
      email: 'Ada@Wise.Example',
      account_holder: ' Ada King ',
      stripe_account_id: 'acct_ignored',
    })
    expect(saved.body).toEqual({
      method: 'wise',
      email: 'ada@wise.example',
      account_holder: 'Ada King',
      stripe_account_id: null,
    })
    expect((await ada.client.get('/api/ambassador/payout-details')).body).toEqual({ details: saved.body })
  })
})

describe('POST /api/ambassador/payouts', () => {
  it('asks for payout details first', async () => {
    const ada = await signUpAmbassador(platform)
    const refused = await requestPayout(ada, { amount: 25 })
    expect(refused.status).toBe(409)
    expect(refused.body.code).toBe('payout_details_missing')
  })

  it('moves the amount from approved to processing, in a ledger entry, and announces the request', async () => {
    const ada = await ambassadorWith(30, { first_name: 'Ada', last_name: 'Lovelace' })
    const requested = await requestPayout(ada, { amount: 25 })
    expect(requested.status).toBe(201)
    expect(requested.body).toMatchObject({
      ambassador_id: ada.id,
      ambassador_name: 'Ada Lovelace',
      amount: 25,
      currency: 'USD',
      method: 'paypal',
      destination: ada.user.email,
      status: 'requested',
      batch_id: null,
    })
    expect(await balances(ada)).toMatchObject({ approved: 5, processing: 25, paid: 0, available: 5 })
    const [newest] = (await ada.client.get<LedgerEntryPage>('/api/ambassador/ledger/entries')).body.data
    expect(newest).toMatchObject({ kind: 'payout', approved: -25, processing: 25, payout_id: requested.body.id })
    expect(newest?.rule).toBe('payout_requested')
    const [announced] = await db()
      .select()
      .from(outbox)
      .where(and(eq(outbox.type, 'payout.requested'), eq(outbox.key, requested.body.id)))
    expect(announced?.data).toMatchObject({ amount_minor: 2500, email: ada.user.email, first_name: 'Ada' })
    expect((await ada.client.get<PayoutPage>('/api/ambassador/payouts')).body.data).toEqual([requested.body])
  })

  it('takes the whole available balance when no amount is given', async () => {
    const ada = await ambassadorWith(42.5)
    const requested = await requestPayout(ada)
    expect(requested.status).toBe(201)
    expect(requested.body.amount).toBe(42.5)
    expect(await balances(ada)).toMatchObject({ approved: 0, processing: 42.5, available: 0 })
  })

  it('refuses less than PAYOUT_MINIMUM, more than is available, and amounts that are no money', async () => {
    const ada = await ambassadorWith(30)
    const small = await requestPayout(ada, { amount: 19.99 })
    expect(small.status).toBe(400)
    expect(small.body).toMatchObject({ code: 'below_payout_minimum' })
    expect(small.body.message).toContain('$20.00')
    const large = await requestPayout(ada, { amount: 30.01 })
    expect(large.status).toBe(409)
    expect(large.body).toMatchObject({ code: 'insufficient_balance' })
    expect(large.body.message).toContain('$30.00')
    for (const amount of [0, -5, 1.234, '12']) {
      expect((await requestPayout(ada, { amount })).status).toBe(400)
    }
    const poor = await ambassadorWith(10)
    expect((await requestPayout(poor)).body.code).toBe('below_payout_minimum')
    expect(await balances(ada)).toMatchObject({ approved: 30, processing: 0 })
  })

  it('answers the first payout for the same Idempotency-Key, and refuses the key for another amount', async () => {
    const ada = await ambassadorWith(60)
    const first = await requestPayout(ada, { amount: 25 }, 'payout-1')
    const again = await requestPayout(ada, { amount: 25 }, 'payout-1')
    expect(first.status).toBe(201)
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first.body)
    expect((await requestPayout(ada, {}, 'payout-1')).status).toBe(200)
    const other = await requestPayout(ada, { amount: 30 }, 'payout-1')
    expect(other.status).toBe(409)
    expect(other.body.code).toBe('idempotency_key_reused')
    expect(await balances(ada)).toMatchObject({ approved: 35, processing: 25 })
  })

  it('pays at most the available balance when 20 requests arrive at once', async () => {
    const ada = await ambassadorWith(100)
    const answers = await Promise.all(Array.from({ length: 20 }, () => requestPayout(ada, { amount: 20 })))
    const accepted = answers.filter((a) => a.status === 201)
    expect(accepted).toHaveLength(5)
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'insufficient_balance')).toBe(true)
    expect(answers.filter((a) => a.status !== 201)).toHaveLength(15)
    expect(await balances(ada)).toMatchObject({ approved: 0, processing: 100, available: 0 })

    const batch = await batchOf(accepted.map((a) => a.body.id))
    const paid = await admin.request<PayoutBatch>('POST', `/api/admin/payouts/batches/${batch.id}/paid`, {})
    expect(paid.status).toBe(200)
    expect(await balances(ada)).toMatchObject({ approved: 0, processing: 0, paid: 100 })
  })

  it('pays into store credit at once, with nothing for an admin to send', async () => {
    const ada = await ambassadorWith(30)
    await ada.client.request('PUT', '/api/ambassador/payout-details', { method: 'store_credit' })
    const payout = await requestPayout(ada, { amount: 30 })
    expect(payout.status).toBe(201)
    expect(payout.body).toMatchObject({ method: 'store_credit', destination: 'store credit', status: 'paid' })
    expect(await balances(ada)).toMatchObject({ approved: 0, processing: 0, paid: 30 })
    const [announced] = await db()
      .select()
      .from(outbox)
      .where(and(eq(outbox.type, 'payout.paid'), eq(outbox.key, payout.body.id)))
    expect(announced?.data).toMatchObject({ method: 'store_credit', amount_minor: 3000 })
    const queue = (await admin.get<PayoutPage>('/api/admin/payouts?status=requested&per_page=200')).body.data
    expect(queue.map((p) => p.id)).not.toContain(payout.body.id)
  })

  it('is for ambassadors only', async () => {
    expect((await admin.request('POST', '/api/ambassador/payouts', {})).status).toBe(403)
  })
})

describe('the admin’s payout queue and batches', () => {
  it('lists requested payouts oldest first, approves them as a batch, exports PayPal’s CSV and marks it paid once', async () => {
    const ada = await ambassadorWith(50, { first_name: 'Ada', last_name: 'Lovelace', email: 'ada.q@example.com' })
    const bob = await ambassadorWith(80, { first_name: 'Bob', last_name: 'Stone', email: 'bob.q@example.com' })
    const first = (await requestPayout(ada, { amount: 50 })).body
    const second = (await requestPayout(bob, { amount: 75.5 })).body
    const queue = (await admin.get<PayoutPage>('/api/admin/payouts?status=requested&per_page=200')).body
    const ids = queue.data.map((p) => p.id)
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id))
    expect(queue.data.find((p) => p.id === second.id)?.ambassador_name).toBe('Bob Stone')

    const batch = await batchOf([first.id, second.id])
    expect(batch).toMatchObject({ method: 'paypal', currency: 'USD', total: 125.5, count: 2, status: 'approved' })
    expect(batch.payouts.map((p) => p.status)).toEqual(['approved', 'approved'])
    const twice = await admin.request<Problem>('POST', '/api/admin/payouts/batches', { payout_ids: [first.id] })
    expect(twice.status).toBe(409)
    expect(twice.body.code).toBe('payout_not_requested')

    const csv = await admin.request('GET', `/api/admin/payouts/batches/${batch.id}/export`)
    expect(csv.status).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="payouts-${batch.id.slice(0, 8)}-paypal.csv"`)
    expect(csv.text).toBe(
      `ada.q@example.com,50.00,USD,${first.id.replaceAll('-', '').slice(0, 30)},Commission from Kites & Co,PAYPAL\r\n` +
        `bob.q@example.com,75.50,USD,${second.id.replaceAll('-', '').slice(0, 30)},Commission from Kites & Co,PAYPAL\r\n`,
    )
    const exported = (await admin.get<PayoutBatch>(`/api/admin/payouts/batches/${batch.id}`)).body
    expect(exported.exported_at).not.toBeNull()

    const paid = await admin.request<PayoutBatch>('POST', `/api/admin/payouts/batches/${batch.id}/paid`, {
      reference: 'PAYPAL-BATCH-7',
    })
    expect(paid.status).toBe(200)
    expect(paid.body.status).toBe('paid')
    expect(paid.body.payouts.map((p) => [p.status, p.reference])).toEqual([
      ['paid', 'PAYPAL-BATCH-7'],
      ['paid', 'PAYPAL-BATCH-7'],
    ])
    const again = await admin.request<Problem>('POST', `/api/admin/payouts/batches/${batch.id}/paid`, {})
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('batch_already_paid')
    expect(await balances(ada)).toMatchObject({ processing: 0, paid: 50 })
    expect(await balances(bob)).toMatchObject({ approved: 4.5, processing: 0, paid: 75.5 })
    const paidEntries = await db()
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.payoutId, first.id), eq(ledgerEntries.rule, 'payout_paid')))
    expect(paidEntries).toHaveLength(1)
    const [announced] = await db()
      .select()
      .from(outbox)
      .where(and(eq(outbox.type, 'payout.paid'), eq(outbox.key, first.id)))
    expect(announced?.data).toMatchObject({ amount_minor: 5000, reference: 'PAYPAL-BATCH-7' })
    const mine = (await ada.client.get<PayoutPage>('/api/ambassador/payouts')).body.data
    expect(mine.map((p) => p.status)).toEqual(['paid'])
  })

  it('writes Wise’s batch template, with a name a spreadsheet would run made harmless', async () => {
    const eve = await ambassadorWith(30, { first_name: 'Eve', last_name: 'Hacker' })
    await eve.client.request('PUT', '/api/ambassador/payout-details', {
      method: 'wise',
      email: 'eve@wise.example',
      account_holder: '=HYPERLINK("http://evil.example"), Eve',
    })
    const payout = (await requestPayout(eve, { amount: 30 })).body
    const batch = await batchOf([payout.id])
    expect(batch.method).toBe('wise')
    const csv = await admin.request('GET', `/api/admin/payouts/batches/${batch.id}/export`)
    expect(csv.text).toBe(
      'name,recipientEmail,paymentReference,receiverType,amountCurrency,amount,sourceCurrency,targetCurrency\r\n' +
        `"'=HYPERLINK(""http://evil.example""), Eve",eve@wise.example,Commission ${payout.id.slice(0, 8)},PRIVATE,USD,30.00,USD,USD\r\n`,
    )
  })

  it('refuses a batch mixing methods, and payouts it does not know', async () => {
    const ada = await ambassadorWith(30)
    const bob = await ambassadorWith(30)
    await bob.client.request('PUT', '/api/ambassador/payout-details', {
      method: 'stripe_connect',
      stripe_account_id: 'acct_1Bob',
    })
    const a = (await requestPayout(ada, { amount: 30 })).body
    const b = (await requestPayout(bob, { amount: 30 })).body
    const mixed = await admin.request<Problem>('POST', '/api/admin/payouts/batches', { payout_ids: [a.id, b.id] })
    expect(mixed.status).toBe(400)
    expect(mixed.body.code).toBe('mixed_batch')
    const unknown = await admin.request<Problem>('POST', '/api/admin/payouts/batches', {
      payout_ids: [a.id, '00000000-0000-4000-8000-000000000000'],
    })
    expect(unknown.status).toBe(404)
    expect((await admin.request('POST', '/api/admin/payouts/batches', { payout_ids: [] })).status).toBe(400)
    const stripeBatch = await batchOf([b.id])
    const csv = await admin.request<Problem>('GET', `/api/admin/payouts/batches/${stripeBatch.id}/export`)
    expect(csv.status).toBe(409)
    expect(csv.body.code).toBe('not_a_csv_batch')
    const noStripe = await admin.request<Problem>('POST', `/api/admin/payouts/batches/${stripeBatch.id}/transfers`)
    expect(noStripe.status).toBe(409)
    expect(noStripe.body.code).toBe('transfers_unavailable')
    const byHand = await admin.request<Problem>('POST', `/api/admin/payouts/batches/${stripeBatch.id}/paid`, {})
    expect(byHand.body.code).toBe('batch_paid_by_transfers')
  })

  it('returns a payout not yet paid to the approved balance with a reason, once', async () => {
    const ada = await ambassadorWith(40)
    const payout = (await requestPayout(ada, { amount: 40 })).body
    const batch = await batchOf([payout.id])
    const returned = await admin.request<Payout>('POST', `/api/admin/payouts/${payout.id}/return`, {
      reason: 'PayPal refused the address',
    })
    expect(returned.status).toBe(200)
    expect(returned.body).toMatchObject({ status: 'returned', reason: 'PayPal refused the address' })
    expect(await balances(ada)).toMatchObject({ approved: 40, processing: 0, paid: 0, available: 40 })
    const again = await admin.request<Problem>('POST', `/api/admin/payouts/${payout.id}/return`, { reason: 'again' })
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('payout_not_returnable')
    // The batch it was in pays nothing for it now.
    const paid = (await admin.request<PayoutBatch>('POST', `/api/admin/payouts/batches/${batch.id}/paid`, {})).body
    expect(paid).toMatchObject({ total: 0, count: 0 })
    expect(await balances(ada)).toMatchObject({ approved: 40, paid: 0 })
    const csv = await admin.request('GET', `/api/admin/payouts/batches/${batch.id}/export`)
    expect(csv.text).toBe('')
  })

  it('never returns a paid payout', async () => {
    const ada = await ambassadorWith(25)
    const payout = (await requestPayout(ada, { amount: 25 })).body
    const batch = await batchOf([payout.id])
    const paid = await admin.request('POST', `/api/admin/payouts/batches/${batch.id}/paid`, {})
    expect(paid.status, JSON.stringify(paid.body)).toBe(200)
    const refused = await admin.request<Problem>('POST', `/api/admin/payouts/${payout.id}/return`, {
      reason: 'Changed my mind',
    })
    expect(refused.status).toBe(409)
    expect(await balances(ada)).toMatchObject({ approved: 0, paid: 25 })
  })

  it('is for admins only', async () => {
    const ada = await signUpAmbassador(platform)
    expect((await ada.client.request('GET', '/api/admin/payouts')).status).toBe(403)
  })
})
