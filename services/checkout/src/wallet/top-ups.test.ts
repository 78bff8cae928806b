import type { TopUp, Wallet } from '@ambassador/contracts/http'
import { userData } from '@ambassador/kit/testing/events'
import { testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkoutService } from '../index.ts'
import { payWithCard } from '../testing/store.ts'

let platform: TestPlatform
beforeAll(async () => {
  platform = await startTestPlatform([checkoutService], { STORE_NAME: 'Kites & Co' })
})
afterAll(() => platform?.close())

async function shopper() {
  const user = userData({ role: 'shopper' })
  return { user, client: await platform.signIn(user) }
}

describe('topping up store credit through the payment provider', () => {
  it('credits the wallet once the provider says the top-up was paid, once however often it is confirmed', async () => {
    const { client } = await shopper()
    const started = await client.request<TopUp>('POST', '/api/store/wallet/top-ups', { amount: 25 })
    expect(started.status).toBe(201)
    expect(started.body).toMatchObject({ amount: 25, currency: 'USD', status: 'pending' })
    const sessionId = new URL(started.body.url ?? '').pathname.split('/').pop() ?? ''
    // Not paid yet: confirming adds nothing.
    expect((await client.post<TopUp>('/api/store/wallet/top-ups/confirm', { source: sessionId })).body.status).toBe(
      'pending',
    )
    expect((await client.get<Wallet>('/api/store/wallet')).body.balance).toBe(0)

    const paid = await payWithCard(platform, started.body.url ?? '', '4242424242424242')
    expect(paid.status).toBe(303)
    expect(String(paid.headers.location)).toContain(`/account?top_up=${sessionId}`)
    await platform.drain() // the provider's webhook credits it, before the shopper's page confirms
    expect((await client.get<Wallet>('/api/store/wallet')).body.balance).toBe(25)
    const confirms = await Promise.all(
      [1, 2, 3].map(() => client.post<TopUp>('/api/store/wallet/top-ups/confirm', { source: sessionId })),
    )
    expect(confirms.map((c) => c.body.status)).toEqual(['paid', 'paid', 'paid'])
    const wallet = (await client.get<Wallet>('/api/store/wallet')).body
    expect(wallet.balance).toBe(25)
    expect(wallet.entries).toEqual([expect.objectContaining({ kind: 'top_up', amount: 25 })])
  })

  it('refuses amounts outside 1.00 to 1000.00, guests, and another shopper’s session', async () => {
    const { client } = await shopper()
    for (const amount of [0.99, 1000.01, 1.234, -5]) {
      const refused = await client.request<{ code: string }>('POST', '/api/store/wallet/top-ups', { amount })
      expect(refused.status).toBe(400)
    }
    expect((await testClient(platform.app).request('POST', '/api/store/wallet/top-ups', { amount: 5 })).status).toBe(
      401,
    )
    const started = (await client.post<TopUp>('/api/store/wallet/top-ups', { amount: 5 })).body
    const sessionId = new URL(started.url ?? '').pathname.split('/').pop() ?? ''
    const other = await shopper()
    const stranger = await other.client.request<{ code: string }>('POST', '/api/store/wallet/top-ups/confirm', {
      source: sessionId,
    })
    expect(stranger.status).toBe(404)
    expect(stranger.body.code).toBe('top_up_not_found')
  })
})
