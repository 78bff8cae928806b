import { randomUUID } from 'node:crypto'
import type { WebhookEndpointDisabledData } from '@ambassador/contracts/events'
import type { TestClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emailService } from './index.ts'
import { userData } from './test-events.ts'

type MailboxEntry = { id: string; to: string; subject: string }

let platform: TestPlatform
let boss: TestClient
beforeAll(async () => {
  platform = await startTestPlatform([emailService], {
    STORE_NAME: 'Kites & Co',
    ADMIN_NOTIFY_EMAILS: 'ops@example.com',
  })
  boss = await platform.signIn(userData('admin', 'Boss', 'boss@example.com'))
  await platform.signIn(userData('admin', 'Deputy', 'deputy@example.com'))
  await platform.signIn(userData('ambassador', 'Ada', 'ada@example.com'))
})
afterAll(() => platform?.close())

describe('webhook endpoint emails', () => {
  it('tells every admin, once, that an endpoint was turned off and what it last answered', async () => {
    const data: WebhookEndpointDisabledData = {
      endpoint_id: randomUUID(),
      url: 'https://hooks.example.com/<ambassador>',
      reason: 'Every delivery attempt failed for 24 hours',
      failing_since: '2026-03-01T09:00:00.000Z',
      last_status_code: 503,
      last_error: 'maintenance',
      disabled_at: '2026-03-02T09:00:00.000Z',
    }
    const event = await platform.publish('webhook.endpoint_disabled', data.endpoint_id, data)
    await platform.redeliver(event)
    await platform.drain()

    const mails = (await boss.get<MailboxEntry[]>('/api/admin/mailbox')).body.filter((m) =>
      m.subject.includes('webhook endpoint'),
    )
    expect(mails.map((m) => m.to).sort()).toEqual(['boss@example.com', 'deputy@example.com', 'ops@example.com'])
    const mail = await boss.get<{ subject: string; text: string; html: string }>(`/api/admin/mailbox/${mails[0]?.id}`)
    expect(mail.body.subject).toBe('A Kites & Co webhook endpoint was turned off')
    expect(mail.body.text).toContain(
      'Every delivery to https://hooks.example.com/<ambassador> has failed since Sun, 01 Mar 2026 09:00:00 GMT',
    )
    expect(mail.body.text).toContain('Its last answer: HTTP 503: maintenance')
    expect(mail.body.html).toContain('https://hooks.example.com/&lt;ambassador&gt;')
  })
})
