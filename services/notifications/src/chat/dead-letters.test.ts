import { randomUUID } from 'node:crypto'
import type { DeadLetterParkedData, EventEnvelope, OrderCompletedData } from '@ambassador/contracts/events'
import type { TestClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { notificationsService } from '../index.ts'
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver.ts'
import { chatMessageOf } from './topics.ts'

let receiver: WebhookReceiver
let platform: TestPlatform
let admin: TestClient

beforeAll(async () => {
  receiver = await startWebhookReceiver()
  platform = await startTestPlatform([notificationsService], { STORE_NAME: 'Kites & Co' })
  admin = await platform.signIn({
    id: randomUUID(),
    first_name: 'Test',
    last_name: 'Admin',
    email: 'boss@example.com',
    role: 'admin',
  })
})
afterAll(async () => {
  await platform?.close()
  await receiver?.close()
})

async function discordChannel(path: string, topics: string[]) {
  receiver.answer(path, { status: 204 })
  const created = await admin.post('/api/notifications/channels', {
    kind: 'discord',
    name: path,
    url: receiver.url(path),
    topics,
  })
  expect(created.status).toBe(201)
}

const embedsAt = (path: string) => receiver.requestsTo(path).flatMap((request) => JSON.parse(request.body).embeds)

describe('dead letters on chat channels', () => {
  it('posts one red embed per parked event to a channel that follows dead letters, and nothing to one that does not', async () => {
    await discordChannel('/operators', ['dead_letter_parked'])
    await discordChannel('/sales', ['new_order'])
    const parked: DeadLetterParkedData = {
      service: 'checkout',
      consumer: 'checkout',
      dead_letter_id: randomUUID(),
      event_id: randomUUID(),
      event_type: 'order.completed',
      error: 'Error: no such product',
      attempts: 4,
      parked_at: '2026-11-28T10:00:00.000Z',
    }
    const event = await platform.publish('dead_letter.parked', 'checkout', parked)
    await platform.redeliver(event)
    await platform.drain()

    const [embed, ...more] = embedsAt('/operators')
    expect(more).toEqual([])
    expect(embed).toMatchObject({
      title: 'Event parked: order.completed in checkout',
      color: 0xc62828,
      timestamp: '2026-11-28T10:00:00.000Z',
      fields: [
        { name: 'Consumer', value: 'checkout' },
        { name: 'Event id', value: parked.event_id },
        { name: 'Error', value: 'Error: no such product' },
      ],
    })
    expect(embed.description).toContain('failed 4 times')
    expect(receiver.requestsTo('/sales')).toEqual([])
  })

  it('tells the channel when this service itself parks an event, through its own outbox and consumer', async () => {
    await discordChannel('/on-call', ['dead_letter_parked'])
    // An order.completed that does not fit the contracts: the inbox parks it without trying a handler.
    const malformed = { id: 'o1' } as unknown as OrderCompletedData
    const refused = await platform.publish('order.completed', 'o1', malformed)
    await platform.drain()

    const [embed, ...more] = embedsAt('/on-call')
    expect(more).toEqual([])
    expect(embed.title).toBe('Event parked: order.completed in notifications')
    expect(embed.fields).toContainEqual({ name: 'Event id', value: refused.id, inline: true })
    expect(embed.fields.find((field: { name: string }) => field.name === 'Error').value).toMatch(/data does not fit/)
  })
})

describe('the dead letter message', () => {
  it('quotes at most 300 characters of the error, and says when the event never reached a handler', () => {
    const data: DeadLetterParkedData = {
      service: 'email',
      consumer: 'email',
      dead_letter_id: 'd1',
      event_id: 'e1',
      event_type: 'user.updated',
      error: 'x'.repeat(500),
      attempts: 0,
      parked_at: '2026-11-28T10:00:00.000Z',
    }
    const event: EventEnvelope = {
      id: 'n1',
      type: 'dead_letter.parked',
      version: 1,
      occurredAt: data.parked_at,
      key: 'email',
      data,
    }
    const message = chatMessageOf(event)
    expect(message?.topic).toBe('dead_letter_parked')
    expect(message?.summary).toMatch(/did not fit the event contracts/)
    const error = message?.fields.find((field) => field.name === 'Error')?.value
    expect(error).toHaveLength(300)
    expect(error?.endsWith('…')).toBe(true)
  })
})
