import type { PayoutData } from '@ambassador/contracts/events'
import { button, html, layoutEmail, moneyOf, type RenderedEmail, type Store, styles } from './templates.ts'

const { colors } = styles

const METHOD_NAMES: Record<string, string> = { paypal: 'PayPal', wise: 'Wise', stripe_connect: 'Stripe' }

/** Tells an ambassador their payout went out: how much, where to, and the reference to look for. */
export function payoutPaidEmail(payout: PayoutData, store: Store): RenderedEmail {
  const amount = moneyOf(payout)(payout.amount_minor)
  const where = `${METHOD_NAMES[payout.method] ?? payout.method} (${payout.destination})`
  const earnings = `${store.url}/ambassador/earnings`
  return layoutEmail(store, {
    subject: `Your ${store.name} payout of ${amount} is on its way`,
    heading: `We sent you ${amount}`,
    preview: `Your payout of ${amount} was sent to ${where}.`,
    text: [
      `Hi ${payout.first_name},`,
      '',
      `We sent your payout of ${amount} to ${where}.`,
      ...(payout.reference ? [`Reference: ${payout.reference}`] : []),
      '',
      `Your earnings: ${earnings}`,
    ],
    html: html`<p style="margin:0 0 16px">Hi ${payout.first_name},</p>
<p style="margin:0 0 16px">We sent your payout of <strong>${amount}</strong> to ${where}.</p>
${payout.reference ? html`<p style="margin:0 0 16px;color:${colors.muted}">Reference: ${payout.reference}</p>` : html``}
${button(earnings, 'See your earnings')}`,
    reason: `You receive this email because you are an ambassador of ${store.name}.`,
  })
}

/** Tells an ambassador a payout was not sent and its amount is back in their available balance, and why. */
export function payoutReturnedEmail(payout: PayoutData, store: Store): RenderedEmail {
  const amount = moneyOf(payout)(payout.amount_minor)
  const earnings = `${store.url}/ambassador/earnings`
  const reason = payout.reason ?? 'no reason given'
  return layoutEmail(store, {
    subject: `Your ${store.name} payout of ${amount} was not sent`,
    heading: `Your payout of ${amount} was not sent`,
    preview: `${amount} is back in your available balance: ${reason}.`,
    text: [
      `Hi ${payout.first_name},`,
      '',
      `We did not send your payout of ${amount}: ${reason}.`,
      'The amount is back in your available balance. Check your payout details, then request it again.',
      '',
      `Your earnings: ${earnings}`,
    ],
    html: html`<p style="margin:0 0 16px">Hi ${payout.first_name},</p>
<p style="margin:0 0 16px">We did not send your payout of <strong>${amount}</strong>: ${reason}.</p>
<p style="margin:0 0 16px">The amount is back in your available balance. Check your payout details, then request it again.</p>
${button(earnings, 'See your earnings')}`,
    reason: `You receive this email because you are an ambassador of ${store.name}.`,
  })
}
