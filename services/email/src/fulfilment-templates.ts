import type { OrderFulfilmentData } from '@ambassador/contracts/events'
import { orderNumberOf } from '@ambassador/contracts/order-number'
import { button, html, layoutEmail, type RenderedEmail, type Store } from './templates.ts'

export type FulfilmentStep = 'fulfilled' | 'shipped' | 'delivered'

const WORDS: Record<FulfilmentStep, { subject: string; heading: string; body: string }> = {
  fulfilled: {
    subject: 'is packed',
    heading: 'Your order is packed',
    body: 'is packed and will be on its way soon. We will write again with the tracking number once it ships.',
  },
  shipped: { subject: 'has shipped', heading: 'Your order is on its way', body: 'has shipped.' },
  delivered: {
    subject: 'was delivered',
    heading: 'Your order was delivered',
    body: 'was delivered. We hope you enjoy it; if anything is wrong, reply to this email.',
  },
}

/** Tells the shopper their order moved on: packed, shipped (with the carrier, tracking number and link), delivered. */
export function fulfilmentEmail(step: FulfilmentStep, order: OrderFulfilmentData, store: Store): RenderedEmail {
  const number = orderNumberOf(order.order_id)
  const words = WORDS[step]
  const trackPage = `${store.url}/track?order=${number}`
  const tracking =
    step === 'shipped' && order.carrier && order.tracking_number
      ? `${order.carrier}, tracking number ${order.tracking_number}`
      : undefined
  return layoutEmail(store, {
    subject: `Your ${store.name} order #${number} ${words.subject}`,
    heading: words.heading,
    preview: `Your order #${number} ${words.body}`,
    text: [
      `Hi ${order.first_name},`,
      '',
      `Your order #${number} ${words.body}`,
      ...(tracking ? ['', `Carrier: ${tracking}`] : []),
      ...(step === 'shipped' && order.tracking_url ? [`Follow the parcel: ${order.tracking_url}`] : []),
      '',
      `Your order's steps: ${trackPage}`,
    ],
    html: html`<p style="margin:0 0 16px">Hi ${order.first_name},</p>
<p style="margin:0 0 16px">Your order <strong>#${number}</strong> ${words.body}</p>
${tracking ? html`<p style="margin:0 0 16px">Carrier: ${tracking}</p>` : ''}
${step === 'shipped' && order.tracking_url ? button(order.tracking_url, 'Track your parcel') : ''}
<p style="margin:16px 0 0"><a href="${trackPage}">See your order's steps</a></p>`,
    reason: `You receive this email because you placed an order at ${store.name}.`,
  })
}
