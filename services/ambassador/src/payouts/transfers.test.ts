import type { Payout, PayoutBatch, PayoutTransferResult } from '@ambassador/contracts/http'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logInAdmin, signUpAmbassador } from '../fixtures.ts'
import { ambassadorService } from '../index.ts'
import { startFakeStripeConnect } from './fake-stripe-connect.ts'

let platform: TestPlatform
let stripe: Awaited<ReturnType<typeof startFakeStripeConnect>>
let admin: Awaited<ReturnType<typeof logInAdmin>>
beforeAll(async () => {
  stripe = await startFakeStripeConnect(['acct_1Ada', 'acct_1Bob'])
  platform = await startTestPlatform([ambassadorService], {
    PAYOUT_MINIMUM: '10',
    STRIPE_SECRET_KEY: 'sk_test_payouts',
    STRIPE_WEBHOOK_SECRET: 'whsec_payouts',
    STRIPE_API_URL: stripe.url,
  })
  admin = await logInAdmin(platform)
})
afterAll(async () => {
  await platform?.close()
  await stripe?.close()
})

/** A requested payout of `amount` to a connected Stripe account, in a batch of its own. */
async function stripeBatch(amount: number, account: string) {
  const ambassador = await signUpAmbassador(platform)
  await admin.post(`/api/admin/ambassadors/${ambassador.id}/ledger/adjustments`, { amount, reason: 'Commission' })
  await ambassador.client.request('PUT', '/api/ambassador/payout-details', {
    method: 'stripe_connect',
    stripe_account_id: account,
  })
  const payout = (await ambassador.client.post<Payout>('/api/ambassador/payouts', {})).body
  const batch = (await admin.post<PayoutBatch>('/api/admin/payouts/batches', { payout_ids: [payout.id] })).body
  return { ambassador, payout, batch }
}

function payByTransfers(batchId: string) {
  return admin.request<PayoutTransferResult>('POST', `/api/admin/payouts/batches/${batchId}/transfers`)
}

describe('paying a batch through Stripe Connect transfers', () => {
  it('sends each payout to its connected account once, keyed by the payout, and marks it paid with the transfer', async () => {
    const { ambassador, payout, batch } = await stripeBatch(64.2, 'acct_1Ada')
    const paid = await payByTransfers(batch.id)
    expect(paid.status).toBe(200)
    expect(paid.body.failures).toEqual([])
    expect(paid.body.batch.status).toBe('paid')
    const sent = stripe.transfers.filter((t) => t.metadata.payout_id === payout.id)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ amount: 6420, currency: 'usd', destination: 'acct_1Ada' })
    expect(stripe.keys).toContain(`payout-${payout.id}`)
    expect(paid.body.batch.payouts[0]).toMatchObject({ status: 'paid', reference: sent[0]?.id })
    expect((await ambassador.client.get('/api/ambassador/ledger')).body).toMatchObject({ processing: 0, paid: 64.2 })
    const again = await payByTransfers(batch.id)
    expect(again.status).toBe(409)
    expect(stripe.transfers.filter((t) => t.metadata.payout_id === payout.id)).toHaveLength(1)
  })

  it('retries a failed request with the same key, so a Stripe hiccup sends the money once', async () => {
    const { payout, batch } = await stripeBatch(15, 'acct_1Bob')
    stripe.failNext(1, 500)
    const paid = await payByTransfers(batch.id)
    expect(paid.body.failures).toEqual([])
    expect(stripe.keys.filter((k) => k === `payout-${payout.id}`).length).toBeGreaterThanOrEqual(2)
    expect(stripe.transfers.filter((t) => t.metadata.payout_id === payout.id)).toHaveLength(1)
  })

  it('reports a refused transfer and leaves its payout approved, to pay later or return', async () => {
    const { ambassador, payout, batch } = await stripeBatch(20, 'acct_1Gone')
    const refused = await payByTransfers(batch.id)
    expect(refused.status).toBe(200)
    expect(refused.body.failures).toEqual([{ payout_id: payout.id, message: "No such destination: 'acct_1Gone'" }])
    expect(refused.body.batch).toMatchObject({ status: 'approved', paid_at: null })
    expect(refused.body.batch.payouts[0]?.status).toBe('approved')
    expect((await ambassador.client.get('/api/ambassador/ledger')).body).toMatchObject({ processing: 20, paid: 0 })
    const returned = await admin.post<Payout>(`/api/admin/payouts/${payout.id}/return`, {
      reason: 'Your Stripe account is closed',
    })
    expect(returned.body.status).toBe('returned')
    expect((await ambassador.client.get('/api/ambassador/ledger')).body).toMatchObject({ approved: 20, processing: 0 })
  })
})
