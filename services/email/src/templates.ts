import type { OrderCompletedData } from '@ambassador/contracts/events'
import { orderNumberOf } from '@ambassador/contracts/order-number'
import { formatMoney } from '@ambassador/kit/money/money'
import { escapeHtml } from '@ambassador/kit/text/text'

/** A message ready for the transport, minus its envelope. */
export type RenderedEmail = { subject: string; text: string; html: string }

/** Who the mail comes from: the store's name (`STORE_NAME`) and where people reach it (`PUBLIC_URL`). */
export type Store = { name: string; url: string }

/** A person named in a mail (the ambassador, from the recipients read model). */
export type Person = { firstName: string; lastName: string }

/** What one email says, before the layout frames it. */
export type EmailContent = {
  subject: string
  /** The first line of the message, shown big in HTML. */
  heading: string
  /** The preview mail clients show next to the subject. */
  preview: string
  /** The body as plain text, line by line (no heading, no footer). */
  text: string[]
  /** The same body as HTML, built with the `html` tag. */
  html: SafeHtml
  /** Why the reader gets this mail, at the foot of it. */
  reason: string
}

/**
 * The layout every email shares, in HTML and plain text: the store's name on top, a heading, the body, and a footer
 * with the store's address and why the mail came. The HTML is table-based with inline styles, at most 600 px wide,
 * which is what mail clients render alike.
 */
export function layoutEmail(store: Store, content: EmailContent): RenderedEmail {
  const text = [
    store.name,
    '',
    content.heading,
    '',
    ...content.text,
    '',
    // "-- " on its own line starts a signature, which mail clients show dimmed.
    '-- ',
    `${store.name} · ${store.url}`,
    content.reason,
  ].join('\n')
  const page = htmlDocument(
    content.heading,
    html`<div style="display:none;max-height:0;overflow:hidden;opacity:0">${content.preview}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:${colors.page}">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border:1px solid ${colors.line};border-radius:8px;font-family:${fontStack};font-size:16px;line-height:1.5;color:${colors.ink}">
<tr><td style="padding:20px 24px;border-bottom:1px solid ${colors.line}"><a href="${store.url}" style="color:${colors.ink};text-decoration:none;font-size:20px;font-weight:700">${store.name}</a></td></tr>
<tr><td style="padding:24px">
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">${content.heading}</h1>
${content.html}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid ${colors.line};font-size:13px;color:${colors.muted}"><a href="${store.url}" style="color:${colors.muted}">${store.name}</a><br>${content.reason}</td></tr>
</table>
</td></tr>
</table>`,
  )
  return { subject: oneLine(content.subject), text, html: page }
}

/** Greets a new ambassador and points them at their dashboard. */
export function welcomeEmail(user: { firstName: string }, store: Store): RenderedEmail {
  const dashboard = `${store.url}/ambassador`
  const intro = `Your ambassador account at ${store.name} is ready.`
  const how = 'Pick the products you love, share your link, and earn a commission on every sale made through it.'
  return layoutEmail(store, {
    subject: `Welcome to ${store.name}, ${user.firstName}`,
    heading: `Welcome, ${user.firstName}`,
    preview: intro,
    text: [`Hi ${user.firstName},`, '', `${intro} ${how}`, '', `Start here: ${dashboard}`],
    html: html`<p style="margin:0 0 16px">Hi ${user.firstName},</p>
<p style="margin:0 0 16px">${intro} ${how}</p>
${button(dashboard, 'Open your dashboard')}`,
    reason: `You receive this email because you signed up as an ambassador at ${store.name}.`,
  })
}

/** The customer's receipt: every line with quantity and price, the total paid, and who recommended the products. */
export function orderReceiptEmail(
  order: OrderCompletedData,
  ambassador: Person | undefined,
  store: Store,
): RenderedEmail {
  const number = orderNumberOf(order.id)
  const total = moneyOf(order)(order.total_minor)
  const recommendedBy = ambassador ? `Recommended by ${fullName(ambassador)}.` : ''
  return layoutEmail(store, {
    subject: `Your ${store.name} order #${number} is confirmed`,
    heading: `Order #${number} is confirmed`,
    preview: `Thank you for your order. Total paid: ${total}.`,
    text: [
      `Hi ${order.first_name},`,
      '',
      `Thank you for your order #${number}. Your payment is confirmed.`,
      '',
      ...orderLinesText(order),
      '',
      ...discountText(order),
      `Total paid: ${total}`,
      ...storeCreditText(order),
      ...(recommendedBy ? [recommendedBy] : []),
      '',
      'Shipping to:',
      ...shippingAddress(order),
    ],
    html: html`<p style="margin:0 0 16px">Hi ${order.first_name},</p>
<p style="margin:0 0 16px">Thank you for your order <strong>#${number}</strong>. Your payment is confirmed.</p>
${orderLinesTable(order, 'Total paid')}
${storeCreditText(order).length > 0 ? html`<p style="margin:8px 0 0;color:${colors.muted}">${storeCreditText(order).join(' · ')}</p>` : ''}
${recommendedBy ? html`<p style="margin:16px 0;color:${colors.muted}">${recommendedBy}</p>` : ''}
<p style="margin:16px 0 0"><strong>Shipping to</strong><br>${lineBreaks(shippingAddress(order))}</p>`,
    reason: `You receive this email because you placed an order at ${store.name}.`,
  })
}

/** How an order paid partly or wholly with store credit was paid: nothing for a card-only order. */
function storeCreditText(order: OrderCompletedData): string[] {
  const credit = order.store_credit_minor ?? 0
  if (credit <= 0) return []
  const money = moneyOf(order)
  const card = order.total_minor - credit
  return [`Paid with store credit: ${money(credit)}`, ...(card > 0 ? [`Paid by card: ${money(card)}`] : [])]
}

/** Tells an ambassador what a sale through their link earned them, line by line (no customer details: not theirs). */
export function ambassadorSaleEmail(order: OrderCompletedData, ambassador: Person, store: Store): RenderedEmail {
  const money = moneyOf(order)
  const earned = money(order.ambassador_revenue_minor)
  const stats = `${store.url}/ambassador`
  const total = money(order.total_minor)
  return layoutEmail(store, {
    subject: `You earned ${earned} from link ${order.code}`,
    heading: `You earned ${earned}`,
    preview: `A customer just completed an order of ${total} through your link ${order.code}.`,
    text: [
      `Hi ${ambassador.firstName},`,
      '',
      `Good news: a customer just completed an order of ${total} through your link ${order.code}.`,
      `You earned ${earned}.`,
      '',
      ...order.items.map(
        (item) =>
          `  ${item.quantity} × ${item.product_title} = ${money(item.price_minor * item.quantity)}, you earned ${money(item.ambassador_revenue_minor)}`,
      ),
      '',
      `See your stats: ${stats}`,
    ],
    html: html`<p style="margin:0 0 16px">Hi ${ambassador.firstName},</p>
<p style="margin:0 0 16px">Good news: a customer just completed an order of ${total} through your link <strong>${order.code}</strong>.</p>
${commissionTable(order)}
${button(stats, 'See your stats')}`,
    reason: `You receive this email because you are an ambassador of ${store.name}.`,
  })
}

/** Tells the store about a completed order: who bought what, via which link, and how the money splits. */
export function adminOrderEmail(
  order: OrderCompletedData,
  ambassador: Person | undefined,
  store: Store,
): RenderedEmail {
  const money = moneyOf(order)
  const total = money(order.total_minor)
  const number = orderNumberOf(order.id)
  const orders = `${store.url}/admin/orders`
  const via =
    order.code === null
      ? 'in the shop'
      : `via link ${order.code} (${ambassador ? fullName(ambassador) : 'an ambassador'})`
  const customer = `${order.first_name} ${order.last_name}`
  const shipTo = `${order.address}, ${order.zip} ${order.city}, ${order.country}`
  return layoutEmail(store, {
    subject: `New order: ${total} ${order.code === null ? 'in the shop' : `via ${order.code}`}`,
    heading: `New order: ${total}`,
    preview: `Order #${number} was paid: ${total} ${via}.`,
    text: [
      `Order #${number} was paid: ${total} ${via}.`,
      '',
      `Customer: ${customer} <${order.email}>`,
      `Ship to: ${shipTo}`,
      '',
      ...orderLinesText(order),
      '',
      ...discountText(order),
      `Total: ${total}`,
      `Store revenue: ${money(order.admin_revenue_minor)}`,
      `Ambassador commission: ${money(order.ambassador_revenue_minor)}`,
      '',
      `All orders: ${orders}`,
    ],
    html: html`<p style="margin:0 0 16px">Order <strong>#${number}</strong> was paid: <strong>${total}</strong> ${via}.</p>
<p style="margin:0 0 16px">Customer: ${customer} &lt;${order.email}&gt;<br>Ship to: ${shipTo}</p>
${orderLinesTable(order, 'Total')}
<p style="margin:16px 0">Store revenue: ${money(order.admin_revenue_minor)}<br>Ambassador commission: ${money(order.ambassador_revenue_minor)}</p>
${button(orders, 'All orders')}`,
    reason: `You receive this email because you are told about every order of ${store.name}.`,
  })
}

/** The order's lines as text, one a line: quantity, product, unit price and line total. */
export function orderLinesText(order: OrderCompletedData): string[] {
  const money = moneyOf(order)
  return order.items.map(
    (item) =>
      `  ${item.quantity} × ${item.product_title} at ${money(item.price_minor)} = ${money(item.price_minor * item.quantity)}`,
  )
}

/** The coupon's discount on an order, if it had one. */
function discountOf(order: OrderCompletedData): { label: string; minor: number } | undefined {
  const minor = order.discount_minor ?? 0
  if (minor <= 0) return undefined
  return { label: order.coupon_code ? `Discount (${order.coupon_code})` : 'Discount', minor }
}

function discountText(order: OrderCompletedData): string[] {
  const discount = discountOf(order)
  return discount ? [`${discount.label}: −${moneyOf(order)(discount.minor)}`] : []
}

/** The order's lines as an HTML table (product, quantity × unit price, line total), closed by a total row. */
export function orderLinesTable(order: OrderCompletedData, totalLabel: string): SafeHtml {
  const money = moneyOf(order)
  const discount = discountOf(order)
  // Two columns, so the lines read on a phone as well as on a desktop.
  const rows = order.items.map(
    (item) =>
      html`<tr><td style="${cell}">${item.product_title}<br><span style="color:${colors.muted};font-size:14px">${item.quantity} × ${money(item.price_minor)}</span></td><td align="right" style="${cell};white-space:nowrap">${money(item.price_minor * item.quantity)}</td></tr>`,
  )
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">
<tr><th align="left" style="${headCell}">Product</th><th align="right" style="${headCell}">Total</th></tr>
${rows}
${discount ? html`<tr><td style="padding:12px 0 0">${discount.label}</td><td align="right" style="padding:12px 0 0;white-space:nowrap">−${money(discount.minor)}</td></tr>` : ''}
<tr><td style="padding:12px 0 0;font-weight:700">${totalLabel}</td><td align="right" style="padding:12px 0 0;font-weight:700;white-space:nowrap">${money(order.total_minor)}</td></tr>
</table>`
}

/** The lines of a sale with what each earned the ambassador, and the total earned. */
function commissionTable(order: OrderCompletedData): SafeHtml {
  const money = moneyOf(order)
  const rows = order.items.map(
    (item) =>
      html`<tr><td style="${cell}">${item.product_title}<br><span style="color:${colors.muted};font-size:14px">${item.quantity} × ${money(item.price_minor)} = ${money(item.price_minor * item.quantity)}</span></td><td align="right" style="${cell};white-space:nowrap">${money(item.ambassador_revenue_minor)}</td></tr>`,
  )
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">
<tr><th align="left" style="${headCell}">Sold</th><th align="right" style="${headCell}">You earned</th></tr>
${rows}
<tr><td style="padding:12px 0 0;font-weight:700">Total earned</td><td align="right" style="padding:12px 0 0;font-weight:700;white-space:nowrap">${money(order.ambassador_revenue_minor)}</td></tr>
</table>`
}

/** A link that looks like a button in every mail client (a padded, coloured anchor; no CSS classes). */
export function button(href: string, label: string): SafeHtml {
  return html`<p style="margin:24px 0 0"><a href="${href}" style="display:inline-block;background:${colors.ink};color:#ffffff;text-decoration:none;font-weight:600;padding:10px 18px;border-radius:6px">${label}</a></p>`
}

/** HTML built only through the `html` tag, whose interpolations are escaped unless they are themselves SafeHtml. */
export class SafeHtml {
  constructor(readonly value: string) {}
}

/** Builds HTML from a template: every interpolated value is escaped, arrays are joined, SafeHtml goes in as it is. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? ''
  values.forEach((value, i) => {
    out += renderHtml(value) + (strings[i + 1] ?? '')
  })
  return new SafeHtml(out)
}

function renderHtml(value: unknown): string {
  if (value instanceof SafeHtml) return value.value
  if (Array.isArray(value)) return value.map(renderHtml).join('')
  return escapeHtml(String(value))
}

function htmlDocument(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="margin:0;padding:0;background:${colors.page}">
${body}
</body></html>`.value
}

const colors = { ink: '#111827', muted: '#6b7280', line: '#e5e7eb', page: '#f3f4f6' }
const fontStack = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"
const cell = `padding:8px 0;border-bottom:1px solid ${colors.line};vertical-align:top`
const headCell = `padding:8px 0;border-bottom:2px solid ${colors.ink};font-size:14px`

export const styles = { colors, cell, headCell }

/** Formats minor units in the currency of an order (or a refund). */
export function moneyOf(order: { currency: string }) {
  return (minor: number) => formatMoney(minor, order.currency)
}

export function fullName(person: Person): string {
  return `${person.firstName} ${person.lastName}`
}

function shippingAddress(order: OrderCompletedData): string[] {
  return [`${order.first_name} ${order.last_name}`, order.address, `${order.zip} ${order.city}`, order.country]
}

function lineBreaks(lines: string[]): SafeHtml[] {
  return lines.map((line, i) => (i === 0 ? html`${line}` : html`<br>${line}`))
}

/** Subjects are one header line: user-supplied text must not break it (header injection). */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim()
}
