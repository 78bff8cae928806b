import type { EventEnvelope, EventType } from '@ambassador/contracts/events'
import { describe, expect, it } from 'vitest'
import { withDiscordRetryAfter } from './channel.ts'
import { discordPayload, slackPayload } from './format.ts'
import { type ChatMessage, chatMessageOf } from './topics.ts'

const event = <T extends EventType>(type: T, data: unknown) =>
  ({ id: 'e1', type, version: 1, key: 'k', occurredAt: '2026-11-28T10:00:00.000Z', data }) as EventEnvelope

const order = {
  id: 'o1',
  link_id: 'l1',
  code: 'ada-link',
  ambassador_id: 'a1',
  first_name: '@everyone',
  last_name: '<!channel>',
  email: 'buyer@example.com',
  address: '1 Road',
  country: 'FR',
  city: 'Paris',
  zip: '75001',
  currency: 'USD',
  total_minor: 4_000,
  admin_revenue_minor: 3_600,
  ambassador_revenue_minor: 400,
  items: [
    {
      id: 'i1',
      product_id: 'p1',
      product_title: 'Kite',
      price_minor: 2_000,
      quantity: 2,
      admin_revenue_minor: 3_600,
      ambassador_revenue_minor: 400,
    },
  ],
  completed_at: '2026-11-28T10:00:00.000Z',
  invoice_number: 'INV-7',
}

describe('chat messages', () => {
  it('tells of a new order by its total, buyer, items and link, without the buyer’s email', () => {
    const message = chatMessageOf(event('order.completed', order)) as ChatMessage
    expect(message).toMatchObject({
      topic: 'new_order',
      title: 'New order: $40.00',
      summary: '@everyone <!channel> bought 2 items.',
      fields: [
        { name: 'Total', value: '$40.00' },
        { name: 'Referred by', value: 'link ada-link' },
        { name: 'Invoice', value: 'INV-7' },
      ],
    })
    expect(JSON.stringify(message)).not.toContain('buyer@example.com')
  })

  it('has a message for a new ambassador but none for a new shopper or admin, nor for events no topic covers', () => {
    const user = { id: 'u1', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' }
    expect(chatMessageOf(event('user.registered', { ...user, role: 'ambassador' }))?.title).toBe(
      'New ambassador: Ada Lovelace',
    )
    expect(chatMessageOf(event('user.registered', { ...user, role: 'shopper' }))).toBeUndefined()
    expect(chatMessageOf(event('user.registered', { ...user, role: 'admin' }))).toBeUndefined()
    expect(chatMessageOf(event('product.created', {}))).toBeUndefined()
  })

  it('makes a Discord embed that can ping nobody, whatever the names say', () => {
    const message = chatMessageOf(event('order.completed', order)) as ChatMessage
    const body = JSON.parse(discordPayload(message, 'Kites & Co'))
    expect(body.allowed_mentions).toEqual({ parse: [] })
    expect(body.embeds).toHaveLength(1)
    expect(body.embeds[0]).toMatchObject({
      title: 'New order: $40.00',
      description: '@everyone <!channel> bought 2 items.',
      timestamp: '2026-11-28T10:00:00.000Z',
      footer: { text: 'Kites & Co' },
    })
    expect(body.embeds[0].fields[0]).toEqual({ name: 'Total', value: '$40.00', inline: true })
  })

  it('makes Slack blocks with &, < and > escaped, so a name cannot become a mention or a link', () => {
    const message = chatMessageOf(event('order.completed', order)) as ChatMessage
    const body = JSON.parse(slackPayload(message, 'Kites & Co'))
    const text = JSON.stringify(body)
    expect(text).not.toContain('<!channel>')
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'New order: $40.00', emoji: false },
    })
    expect(body.blocks[1].text.text).toBe('@everyone &lt;!channel&gt; bought 2 items.')
    expect(body.blocks[2].fields[0]).toEqual({ type: 'mrkdwn', text: '*Total*\n$40.00' })
    expect(body.blocks[3].elements[0].text).toBe('Kites &amp; Co · 2026-11-28T10:00:00.000Z')
    expect(body.text).toBe('New order: $40.00: @everyone &lt;!channel&gt; bought 2 items.')
  })

  it('keeps Discord’s limits: a title of 256 characters at most', () => {
    const long = { ...order, first_name: 'x'.repeat(5_000), coupon_code: 'C'.repeat(3_000) }
    const message = chatMessageOf(event('order.completed', long)) as ChatMessage
    const embed = JSON.parse(discordPayload({ ...message, title: 'T'.repeat(400) }, 'Store')).embeds[0]
    expect(embed.title).toHaveLength(256)
    expect(embed.description.length).toBeLessThanOrEqual(4_096)
    for (const field of embed.fields) expect(field.value.length).toBeLessThanOrEqual(1_024)
  })
})

describe('a Discord 429', () => {
  const answer = (excerpt: string | null) => ({
    delivered: false,
    requestHeaders: {},
    statusCode: 429,
    responseExcerpt: excerpt,
    error: 'HTTP 429',
    retryAfterMs: 2_000,
    durationMs: 3,
  })

  it('waits as long as its body says, to the millisecond (retry_after is in seconds, with a fraction)', () => {
    expect(
      withDiscordRetryAfter(answer('{"message":"You are being rate limited.","retry_after":0.347,"global":false}'))
        .retryAfterMs,
    ).toBe(347)
  })

  it('keeps the header’s wait when the body gives none or is not JSON', () => {
    expect(withDiscordRetryAfter(answer('{"message":"slow down"}')).retryAfterMs).toBe(2_000)
    expect(withDiscordRetryAfter(answer('<html>')).retryAfterMs).toBe(2_000)
    expect(withDiscordRetryAfter(answer(null)).retryAfterMs).toBe(2_000)
  })
})
