import type { OrderCompletedData } from '@ambassador/contracts/events'
import { formatMoney } from '@ambassador/kit/money/money'
import { escapeHtml } from '@ambassador/kit/text/text'

/** A message ready for the transport, minus its envelope. */
export type RenderedEmail = { subject: string; text: string; html: string }

/** The order number people see: the random tail of the uuid v7 (its head is a timestamp, shared by nearby orders). */
export function shortOrderId(id: string): string {
  return id.replace(/-/g, '').slice(-8).toUpperCase()
}

/** Greets a new ambassador and points them at their dashboard. */
export function welcomeEmail(input: { firstName: string; publicUrl: string }): RenderedEmail {
  const dashboard = `${input.publicUrl}/ambassador`
  return {
    subject: oneLine(`Welcome to Ambassador, ${input.firstName}`),
    text: [
      `Hi ${input.firstName},`,
      '',
      'Your ambassador account is ready. Pick the products you love, share your link, and earn a commission on every sale made through it.',
      '',
      `Start here: ${dashboard}`,
    ].join('\n'),
    html: page(
      'Welcome to Ambassador',
      html`<p>Hi ${input.firstName},</p>
<p>Your ambassador account is ready. Pick the products you love, share your link, and earn a commission on every sale made through it.</p>
<p><a href="${dashboard}">Open your dashboard</a></p>`,
    ),
  }
}

/** The customer's receipt: every line with quantity and price, and the total paid. */
export function orderReceiptEmail(order: OrderCompletedData, publicUrl: string): RenderedEmail {
  const number = shortOrderId(order.id)
  const money = (minor: number) => formatMoney(minor, order.currency)
  const total = money(order.total_minor)
  return {
    subject: `Your order #${number} is confirmed`,
    text: [
      `Hi ${order.first_name},`,
      '',
      `Thank you for your order #${number}. Your payment is confirmed.`,
      '',
      ...order.items.map(
        (item) =>
          `  ${item.quantity} × ${item.product_title} at ${money(item.price_minor)} = ${money(item.price_minor * item.quantity)}`,
      ),
      '',
      `Total paid: ${total}`,
      '',
      'Shipping to:',
      `${order.first_name} ${order.last_name}`,
      order.address,
      `${order.zip} ${order.city}`,
      order.country,
      '',
      `Ambassador — ${publicUrl}`,
    ].join('\n'),
    html: page(
      `Order #${number} is confirmed`,
      html`<p>Hi ${order.first_name},</p>
<p>Thank you for your order <strong>#${number}</strong>. Your payment is confirmed.</p>
${itemsTable(order)}
<p><strong>Total paid: ${total}</strong></p>
<p>Shipping to:<br>${order.first_name} ${order.last_name}<br>${order.address}<br>${order.zip} ${order.city}<br>${order.country}</p>
<p><a href="${publicUrl}">Ambassador</a></p>`,
    ),
  }
}

/** Tells an ambassador what a sale through their link earned them (no customer details: they are not theirs). */
export function ambassadorSaleEmail(
  order: OrderCompletedData,
  ambassador: { firstName: string },
  publicUrl: string,
): RenderedEmail {
  const money = (minor: number) => formatMoney(minor, order.currency)
  const earned = money(order.ambassador_revenue_minor)
  const stats = `${publicUrl}/ambassador`
  return {
    subject: oneLine(`You earned ${earned} from link ${order.code}`),
    text: [
      `Hi ${ambassador.firstName},`,
      '',
      `Good news: a customer just completed an order of ${money(order.total_minor)} through your link ${order.code}.`,
      `You earned ${earned}.`,
      '',
      `See your stats: ${stats}`,
    ].join('\n'),
    html: page(
      'You made a sale',
      html`<p>Hi ${ambassador.firstName},</p>
<p>Good news: a customer just completed an order of ${money(order.total_minor)} through your link <strong>${order.code}</strong>.</p>
<p><strong>You earned ${earned}.</strong></p>
<p><a href="${stats}">See your stats</a></p>`,
    ),
  }
}

/** Tells the store about a completed order: who bought what, via which link, and how the money splits. */
export function adminOrderEmail(
  order: OrderCompletedData,
  ambassador: { firstName: string; lastName: string },
  publicUrl: string,
): RenderedEmail {
  const money = (minor: number) => formatMoney(minor, order.currency)
  const total = money(order.total_minor)
  const orders = `${publicUrl}/admin/orders`
  const ambassadorName = `${ambassador.firstName} ${ambassador.lastName}`
  return {
    subject: oneLine(`New order: ${total} via ${order.code}`),
    text: [
      `Order #${shortOrderId(order.id)} was paid: ${total} via link ${order.code} (${ambassadorName}).`,
      '',
      `Customer: ${order.first_name} ${order.last_name} <${order.email}>`,
      `Ship to: ${order.address}, ${order.zip} ${order.city}, ${order.country}`,
      '',
      ...order.items.map(
        (item) =>
          `  ${item.quantity} × ${item.product_title} at ${money(item.price_minor)} = ${money(item.price_minor * item.quantity)}`,
      ),
      '',
      `Total: ${total}`,
      `Store revenue: ${money(order.admin_revenue_minor)}`,
      `Ambassador commission: ${money(order.ambassador_revenue_minor)}`,
      '',
      `All orders: ${orders}`,
    ].join('\n'),
    html: page(
      `New order: ${total}`,
      html`<p>Order <strong>#${shortOrderId(order.id)}</strong> was paid: <strong>${total}</strong> via link <strong>${order.code}</strong> (${ambassadorName}).</p>
<p>Customer: ${order.first_name} ${order.last_name} &lt;${order.email}&gt;<br>Ship to: ${order.address}, ${order.zip} ${order.city}, ${order.country}</p>
${itemsTable(order)}
<p>Total: ${total}<br>Store revenue: ${money(order.admin_revenue_minor)}<br>Ambassador commission: ${money(order.ambassador_revenue_minor)}</p>
<p><a href="${orders}">All orders</a></p>`,
    ),
  }
}

function itemsTable(order: OrderCompletedData): SafeHtml {
  const money = (minor: number) => formatMoney(minor, order.currency)
  // Two columns, so the receipt reads on a phone as well as on a desktop.
  const rows = order.items.map(
    (item) =>
      html`<tr><td style="padding:8px 0;border-bottom:1px solid #e5e7eb">${item.product_title} × ${item.quantity}<br><span style="color:#6b7280;font-size:14px">${money(item.price_minor)} each</span></td><td align="right" style="padding:8px 0;border-bottom:1px solid #e5e7eb;white-space:nowrap">${money(item.price_minor * item.quantity)}</td></tr>`,
  )
  return html`<table width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">
<thead><tr><th align="left" style="padding:8px 0;border-bottom:2px solid #111">Product</th><th align="right" style="padding:8px 0;border-bottom:2px solid #111">Total</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
}

/** HTML built only through the `html` tag, whose interpolations are escaped unless they are themselves SafeHtml. */
class SafeHtml {
  constructor(readonly value: string) {}
}

function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
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

function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="font-family:system-ui,-apple-system,sans-serif;line-height:1.5;color:#111;max-width:600px;margin:0 auto;padding:16px">
${body}
</body></html>`.value
}

/** Subjects are one header line: user-supplied text must not break it (header injection). */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim()
}
