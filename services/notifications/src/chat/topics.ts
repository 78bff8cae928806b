import type { EventEnvelope } from '@ambassador/contracts/events'
import { formatMoney } from '@ambassador/kit/money/money'

/** What a chat channel can be told about, as admins choose it (each is one kind of event). */
export const CHAT_TOPICS = [
  'new_order',
  'refund',
  'new_ambassador',
  'payout_requested',
  'wallet_deposit',
  'dead_letter_parked',
] as const
export type ChatTopic = (typeof CHAT_TOPICS)[number]

export function isChatTopic(value: string): value is ChatTopic {
  return (CHAT_TOPICS as readonly string[]).includes(value)
}

/** A message before a channel formats it: a title, a sentence, a few labelled values, a colour and a time. */
export type ChatMessage = {
  topic: ChatTopic
  title: string
  summary: string
  fields: { name: string; value: string }[]
  /** An RGB colour for the channels that show one (Discord's embed bar). */
  color: number
  /** ISO time of what happened. */
  at: string
}

const GREEN = 0x2e7d32
const AMBER = 0xb26a00
const BLUE = 0x1565c0
const RED = 0xc62828

/** How much of a parked event's error a message quotes (the dead letter keeps it whole). */
const ERROR_EXCERPT_LENGTH = 300

/**
 * The message an event makes on a chat channel, or undefined when no topic covers it (most events; a shopper's or
 * an admin's registration). Names but never email addresses: a chat room is read by more people than the admins.
 */
export function chatMessageOf(event: EventEnvelope): ChatMessage | undefined {
  switch (event.type) {
    case 'order.completed': {
      const order = (event as EventEnvelope<'order.completed'>).data
      const items = order.items.reduce((sum, item) => sum + item.quantity, 0)
      return {
        topic: 'new_order',
        title: `New order: ${formatMoney(order.total_minor, order.currency)}`,
        summary: `${order.first_name} ${order.last_name} bought ${items} ${items === 1 ? 'item' : 'items'}.`,
        fields: [
          { name: 'Total', value: formatMoney(order.total_minor, order.currency) },
          { name: 'Referred by', value: order.code ? `link ${order.code}` : 'nobody (shop order)' },
          ...(order.coupon_code ? [{ name: 'Coupon', value: order.coupon_code }] : []),
          ...(order.invoice_number ? [{ name: 'Invoice', value: order.invoice_number }] : []),
        ],
        color: GREEN,
        at: order.completed_at,
      }
    }
    case 'order.refunded': {
      const refund = (event as EventEnvelope<'order.refunded'>).data
      return {
        topic: 'refund',
        title: `Refund: ${formatMoney(refund.amount_minor, refund.currency)}`,
        summary: `${refund.first_name} ${refund.last_name} was refunded ${formatMoney(refund.amount_minor, refund.currency)} of a ${formatMoney(refund.order_total_minor, refund.currency)} order.`,
        fields: [
          { name: 'Refunded so far', value: formatMoney(refund.order_refunded_minor, refund.currency) },
          ...(refund.store_credit_minor
            ? [{ name: 'To store credit', value: formatMoney(refund.store_credit_minor, refund.currency) }]
            : []),
          ...(refund.credit_note_number ? [{ name: 'Credit note', value: refund.credit_note_number }] : []),
        ],
        color: AMBER,
        at: refund.refunded_at,
      }
    }
    case 'user.registered': {
      const user = (event as EventEnvelope<'user.registered'>).data
      if (user.role !== 'ambassador') return undefined
      return {
        topic: 'new_ambassador',
        title: `New ambassador: ${user.first_name} ${user.last_name}`,
        summary: `${user.first_name} ${user.last_name} joined the ambassador program.`,
        fields: [],
        color: BLUE,
        at: event.occurredAt,
      }
    }
    case 'payout.requested': {
      const payout = (event as EventEnvelope<'payout.requested'>).data
      return {
        topic: 'payout_requested',
        title: `Payout requested: ${formatMoney(payout.amount_minor, payout.currency)}`,
        summary: `${payout.first_name} asked to be paid ${formatMoney(payout.amount_minor, payout.currency)}.`,
        fields: [{ name: 'Method', value: payout.method }],
        color: AMBER,
        at: payout.at,
      }
    }
    case 'wallet.deposited': {
      const deposit = (event as EventEnvelope<'wallet.deposited'>).data
      return {
        topic: 'wallet_deposit',
        title: `Store credit deposited: ${formatMoney(deposit.amount_minor, deposit.currency)}`,
        summary: `A customer's store credit grew by ${formatMoney(deposit.amount_minor, deposit.currency)} (${deposit.kind}).`,
        fields: [
          { name: 'Balance', value: formatMoney(deposit.balance_minor, deposit.currency) },
          ...(deposit.reason ? [{ name: 'Reason', value: deposit.reason }] : []),
        ],
        color: GREEN,
        at: deposit.at,
      }
    }
    case 'dead_letter.parked': {
      const parked = (event as EventEnvelope<'dead_letter.parked'>).data
      return {
        topic: 'dead_letter_parked',
        title: `Event parked: ${parked.event_type} in ${parked.service}`,
        summary:
          parked.attempts === 0
            ? 'It did not fit the event contracts; it waits in the dead letters until it is fixed and replayed.'
            : `Its handler failed ${parked.attempts} times; it waits in the dead letters until it is fixed and replayed.`,
        fields: [
          { name: 'Consumer', value: parked.consumer },
          { name: 'Event id', value: parked.event_id },
          { name: 'Error', value: excerpt(parked.error, ERROR_EXCERPT_LENGTH) },
        ],
        color: RED,
        at: parked.parked_at,
      }
    }
    default:
      return undefined
  }
}

function excerpt(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
