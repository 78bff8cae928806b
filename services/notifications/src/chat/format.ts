import type { ChatMessage } from './topics.ts'

/** The chat services a channel can post to, each through its incoming webhook URL. */
export const CHAT_KINDS = ['discord', 'slack'] as const
export type ChatKind = (typeof CHAT_KINDS)[number]

/** What a channel can be: a chat room, or admins' phones to text (`sms`, src/sms/). */
export const ROOM_KINDS = [...CHAT_KINDS, 'sms'] as const
export type RoomKind = (typeof ROOM_KINDS)[number]

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`)

/**
 * A Discord webhook body: one embed (title, description, inline fields, colour bar, time), within Discord's limits
 * (title 256, description 4,096, 25 fields of 256/1,024). `allowed_mentions` is empty: a customer named "@everyone"
 * must not ping the whole server.
 */
export function discordPayload(message: ChatMessage, storeName: string): string {
  return JSON.stringify({
    username: cut(storeName, 80),
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: cut(message.title, 256),
        description: cut(message.summary, 4_096),
        color: message.color,
        fields: message.fields.slice(0, 25).map((field) => ({
          name: cut(field.name, 256),
          value: cut(field.value, 1_024),
          inline: true,
        })),
        timestamp: message.at,
        footer: { text: cut(storeName, 2_048) },
      },
    ],
  })
}

/** Text for Slack's mrkdwn: &, < and > escaped as Slack asks, so a name cannot become a link or a mention. */
function slackText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

/**
 * A Slack incoming-webhook body: `text` (what notifications and old clients show) and Block Kit blocks — a header,
 * the sentence, the fields two by two (at most 10), and the store and time as context.
 */
export function slackPayload(message: ChatMessage, storeName: string): string {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(message.title, 150), emoji: false } },
    { type: 'section', text: { type: 'mrkdwn', text: cut(slackText(message.summary), 3_000) } },
  ]
  if (message.fields.length > 0) {
    blocks.push({
      type: 'section',
      fields: message.fields.slice(0, 10).map((field) => ({
        type: 'mrkdwn',
        text: cut(`*${slackText(field.name)}*\n${slackText(field.value)}`, 2_000),
      })),
    })
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: cut(`${slackText(storeName)} · ${message.at}`, 3_000) }],
  })
  return JSON.stringify({ text: cut(slackText(`${message.title}: ${message.summary}`), 3_000), blocks })
}

export function payloadFor(kind: ChatKind, message: ChatMessage, storeName: string): string {
  return kind === 'discord' ? discordPayload(message, storeName) : slackPayload(message, storeName)
}
