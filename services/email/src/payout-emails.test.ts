import { randomUUID } from 'node:crypto'
import type { EventEnvelope, PayoutData } from '@ambassador/contracts/events'
import type { TestClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emailService } from './index.ts'
import { userData } from './test-events.ts'

type MailboxEntry = { id: string; to: string; subject: string }
type Message = MailboxEntry & { text: string; html: string }

let platform: TestPlatform
let boss: TestClient
beforeAll(async () => {
  platform = await startTestPlatform([emailService], { STORE_NAME: 'Kites & Co' })
  boss = await platform.signIn(userData('admin', 'Boss', 'boss@example.com'))
})
afterAll(() => platform?.close())

function payout(overrides: Partial<PayoutData> = {}): PayoutData {
  return {
    payout_id: randomUUID(),
    ambassador_id: randomUUID(),
    email: 'ada.payouts@example.com',
    first_name: 'Ada',
    amount_minor: 12_550,
    currency: 'USD',
    method: 'paypal',
    destination: 'ada@paypal.example',
    reference: null,
    reason: null,
    at: new Date().toISOString(),
    ...overrides,
  }
}

async function mailsTo(to: string): Promise<Message[]> {
  const list = (await boss.get<MailboxEntry[]>('/api/admin/mailbox')).body.filter((m) => m.to === to)
  return Promise.all(list.map(async (m) => (await boss.get<Message>(`/api/admin/mailbox/${m.id}`)).body))
}

describe('payout and store credit emails', () => {
  it('tells the ambassador their payout was sent, where and under which reference, once', async () => {
    const data = payout({ email: 'ada.paid@example.com', reference: 'PAYPAL-BATCH-7' })
    const event = await platform.publish('payout.paid', data.payout_id, data)
    await platform.redeliver(event)
    await platform.drain()
    const [mail, ...more] = await mailsTo('ada.paid@example.com')
    expect(more).toEqual([])
    expect(mail?.subject).toBe('Your Kites & Co payout of $125.50 is on its way')
    expect(mail?.text).toContain('We sent your payout of $125.50 to PayPal (ada@paypal.example).')
    expect(mail?.text).toContain('Reference: PAYPAL-BATCH-7')
    expect(mail?.html).toContain('See your earnings')
  })

  it('tells the ambassador a payout came back to their balance, and why', async () => {
    const data = payout({ email: 'ada.returned@example.com', reason: 'PayPal <refused> the address' })
    await platform.publish('payout.returned', data.payout_id, data)
    await platform.drain()
    const [mail] = await mailsTo('ada.returned@example.com')
    expect(mail?.subject).toBe('Your Kites & Co payout of $125.50 was not sent')
    expect(mail?.text).toContain('We did not send your payout of $125.50: PayPal <refused> the address.')
    expect(mail?.html).toContain('PayPal &lt;refused&gt; the address')
  })

  it('tells a user their store credit moved, with the balance, once the user is known', async () => {
    const user = userData('shopper', 'Grace', 'grace.wallet@example.com')
    const movement = {
      entry_id: randomUUID(),
      user_id: user.id,
      kind: 'deposit',
      amount_minor: 2_500,
      currency: 'USD',
      balance_minor: 2_500,
      reason: 'Sorry about the late parcel',
      at: new Date().toISOString(),
    }
    // The deposit overtakes the registration (they travel on different streams): it waits for the user, then mails.
    const deposited: EventEnvelope<'wallet.deposited'> = {
      id: randomUUID(),
      type: 'wallet.deposited',
      version: 1,
      occurredAt: new Date().toISOString(),
      key: user.id,
      data: movement,
    }
    // In process the delivery fails at once; through Kafka it is retried until the user arrives.
    const early = platform.redeliver(deposited).catch((error: Error) => error)
    expect(await mailsTo('grace.wallet@example.com')).toEqual([])
    await platform.publish('user.registered', user.id, user)
    const outcome = await early
    if (outcome instanceof Error) expect(outcome.message).toMatch(/not known yet/)
    await platform.redeliver(deposited) // the transport's next attempt
    await platform.redeliver(deposited) // and one more: still one mail
    await platform.drain()
    const [mail, ...more] = await mailsTo('grace.wallet@example.com')
    expect(more).toEqual([])
    expect(mail?.subject).toBe('You received $25.00 of store credit at Kites & Co')
    expect(mail?.text).toContain('Reason: Sorry about the late parcel')
    expect(mail?.text).toContain('Your store credit is now $25.00')
  })

  it('says nothing about a commission paid into store credit beyond the wallet’s own mail', async () => {
    const data = payout({ email: 'ada.credit@example.com', method: 'store_credit', destination: 'store credit' })
    await platform.publish('payout.paid', data.payout_id, data)
    await platform.drain()
    expect(await mailsTo('ada.credit@example.com')).toEqual([])
  })
})
