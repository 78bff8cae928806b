import type { PayoutData, WalletMovementData } from '@ambassador/contracts/events'
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

/** Tells a user their store credit moved: what came in (an admin's credit, commission) or went out, and the balance. */
export function walletMovementEmail(
  movement: WalletMovementData,
  direction: 'deposited' | 'debited',
  firstName: string,
  store: Store,
): RenderedEmail {
  const money = moneyOf(movement)
  const amount = money(movement.amount_minor)
  const balance = money(movement.balance_minor)
  const what =
    direction === 'debited'
      ? `${amount} was taken from your store credit`
      : movement.kind === 'commission'
        ? `${amount} of your commission is now store credit`
        : `You received ${amount} of store credit`
  const because = movement.reason && movement.kind !== 'commission' ? `Reason: ${movement.reason}` : undefined
  return layoutEmail(store, {
    subject: `${what} at ${store.name}`,
    heading: what,
    preview: `Your store credit is now ${balance}.`,
    text: [
      `Hi ${firstName},`,
      '',
      `${what}.`,
      ...(because ? [because] : []),
      `Your store credit is now ${balance}; it is spent at checkout.`,
      '',
      store.url,
    ],
    html: html`<p style="margin:0 0 16px">Hi ${firstName},</p>
<p style="margin:0 0 16px"><strong>${what}.</strong></p>
${because ? html`<p style="margin:0 0 16px;color:${colors.muted}">${because}</p>` : html``}
<p style="margin:0 0 16px">Your store credit is now <strong>${balance}</strong>; it is spent at checkout.</p>
${button(store.url, `Visit ${store.name}`)}`,
    reason: `You receive this email because you have an account at ${store.name}.`,
  })
}
