import type { OrderRefundedData } from '@ambassador/contracts/events'
import { orderNumberOf } from '@ambassador/contracts/order-number'
import {
  button,
  fullName,
  html,
  layoutEmail,
  moneyOf,
  type Person,
  type RenderedEmail,
  type SafeHtml,
  type Store,
  styles,
} from './templates.ts'

const { colors, cell, headCell } = styles

/** Tells the customer money is on its way back: what was refunded, line by line, and the order's new total. */
export function refundReceiptEmail(refund: OrderRefundedData, store: Store): RenderedEmail {
  const money = moneyOf(refund)
  const number = orderNumberOf(refund.order_id)
  const amount = money(refund.amount_minor)
  const kept = money(refund.order_total_minor - refund.order_refunded_minor)
  return layoutEmail(store, {
    subject: `Your ${store.name} refund of ${amount} for order #${number}`,
    heading: `We refunded ${amount}`,
    preview: `A refund of ${amount} for your order #${number} is on its way to you.`,
    text: [
      `Hi ${refund.first_name},`,
      '',
      `We refunded ${amount} for your order #${number}. It goes back the way you paid; your bank may take a few days to show it.`,
      '',
      ...linesText(refund, (line) => money(line.amount_minor)),
      '',
      `Refunded: ${amount}`,
      `Your order now comes to ${kept}.`,
    ],
    html: html`<p style="margin:0 0 16px">Hi ${refund.first_name},</p>
<p style="margin:0 0 16px">We refunded <strong>${amount}</strong> for your order <strong>#${number}</strong>. It goes back the way you paid; your bank may take a few days to show it.</p>
${linesTable(refund, 'Refunded', (line) => line.amount_minor, refund.amount_minor)}
<p style="margin:16px 0 0;color:${colors.muted}">Your order now comes to ${kept}.</p>`,
    reason: `You receive this email because you placed an order at ${store.name}.`,
  })
}

/** Tells an ambassador a refund took back part of a sale's commission, line by line (no customer details). */
export function commissionReversedEmail(refund: OrderRefundedData, ambassador: Person, store: Store): RenderedEmail {
  const money = moneyOf(refund)
  const reversed = money(refund.ambassador_revenue_minor)
  const stats = `${store.url}/ambassador`
  return layoutEmail(store, {
    subject: `Commission reversed: ${reversed} on link ${refund.code}`,
    heading: `${reversed} of commission reversed`,
    preview: `A customer was refunded ${money(refund.amount_minor)} on an order through your link ${refund.code}.`,
    text: [
      `Hi ${ambassador.firstName},`,
      '',
      `A customer was refunded ${money(refund.amount_minor)} on order #${orderNumberOf(refund.order_id)} through your link ${refund.code}, so the commission on what was refunded is taken back: ${reversed}.`,
      '',
      ...linesText(refund, (line) => `${money(line.ambassador_revenue_minor)} reversed`),
      '',
      `Your stats: ${stats}`,
    ],
    html: html`<p style="margin:0 0 16px">Hi ${ambassador.firstName},</p>
<p style="margin:0 0 16px">A customer was refunded ${money(refund.amount_minor)} on order #${orderNumberOf(refund.order_id)} through your link <strong>${refund.code}</strong>, so the commission on what was refunded is taken back.</p>
${linesTable(refund, 'Commission reversed', (line) => line.ambassador_revenue_minor, refund.ambassador_revenue_minor)}
${button(stats, 'See your stats')}`,
    reason: `You receive this email because you are an ambassador of ${store.name}.`,
  })
}

/** Tells the store a refund went out: on which order, how much, and how it splits between store and commission. */
export function adminRefundEmail(
  refund: OrderRefundedData,
  ambassador: Person | undefined,
  store: Store,
): RenderedEmail {
  const money = moneyOf(refund)
  const amount = money(refund.amount_minor)
  const number = orderNumberOf(refund.order_id)
  const order = `${store.url}/admin/orders/${refund.order_id}`
  const split = ambassador
    ? `Store: ${money(refund.admin_revenue_minor)} · commission reversed from ${fullName(ambassador)}: ${money(refund.ambassador_revenue_minor)}`
    : `Store: ${money(refund.admin_revenue_minor)} · no referral`
  const via = refund.code === null ? 'a shop order' : `link ${refund.code}`
  return layoutEmail(store, {
    subject: `Refund issued: ${amount} on order #${number}`,
    heading: `Refund issued: ${amount}`,
    preview: `${amount} was refunded to ${refund.first_name} ${refund.last_name} on order #${number}.`,
    text: [
      `${amount} was refunded to ${refund.first_name} ${refund.last_name} <${refund.email}> on order #${number} (${via}).`,
      '',
      ...linesText(refund, (line) => money(line.amount_minor)),
      '',
      split,
      `Refunded on this order so far: ${money(refund.order_refunded_minor)} of ${money(refund.order_total_minor)}`,
      '',
      `The order: ${order}`,
    ],
    html: html`<p style="margin:0 0 16px"><strong>${amount}</strong> was refunded to ${refund.first_name} ${refund.last_name} &lt;${refund.email}&gt; on order <strong>#${number}</strong> (${via}).</p>
${linesTable(refund, 'Refunded', (line) => line.amount_minor, refund.amount_minor)}
<p style="margin:16px 0">${split}<br>Refunded on this order so far: ${money(refund.order_refunded_minor)} of ${money(refund.order_total_minor)}</p>
${button(order, 'Open the order')}`,
    reason: `You receive this email because you are told about every order of ${store.name}.`,
  })
}

type RefundLine = OrderRefundedData['items'][number]

/** A refunded line as people read it: "2 × Mug" for units, "Mug (part)" for a share of an amount refund. */
function lineLabel(line: RefundLine): string {
  return line.quantity > 0 ? `${line.quantity} × ${line.product_title}` : `${line.product_title} (part)`
}

function linesText(refund: OrderRefundedData, value: (line: RefundLine) => string): string[] {
  return refund.items.map((line) => `  ${lineLabel(line)}: ${value(line)}`)
}

function linesTable(
  refund: OrderRefundedData,
  label: string,
  value: (line: RefundLine) => number,
  total: number,
): SafeHtml {
  const money = moneyOf(refund)
  const rows = refund.items.map(
    (line) =>
      html`<tr><td style="${cell}">${lineLabel(line)}</td><td align="right" style="${cell};white-space:nowrap">${money(value(line))}</td></tr>`,
  )
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">
<tr><th align="left" style="${headCell}">Product</th><th align="right" style="${headCell}">${label}</th></tr>
${rows}
<tr><td style="padding:12px 0 0;font-weight:700">Total</td><td align="right" style="padding:12px 0 0;font-weight:700;white-space:nowrap">${money(total)}</td></tr>
</table>`
}
