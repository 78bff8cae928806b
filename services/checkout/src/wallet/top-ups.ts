import type { TopUp } from '@ambassador/contracts/http'
import { badRequest, notFound, unavailable } from '@ambassador/kit/errors/errors'
import { derivedId, newId } from '@ambassador/kit/ids/ids'
import { formatMoney, parsePriceToMinor, toMajor } from '@ambassador/kit/money/money'
import { and, eq, inArray } from 'drizzle-orm'
import type { CheckoutContext } from '../orders.ts'
import { loggedCall } from '../payments/payment-log.ts'
import { SESSION_ID_PLACEHOLDER } from '../payments/provider.ts'
import { walletTopUps } from '../schema.ts'
import { writeMovement } from './wallet.ts'

/** The smallest and largest top-up: 1.00 and 1,000.00. */
const MIN_TOP_UP_MINOR = 100
const MAX_TOP_UP_MINOR = 100_000

type TopUpRow = typeof walletTopUps.$inferSelect

/**
 * A signed-in user adds store credit by paying the payment provider: a pending top-up and the provider's page to pay
 * it on. The credit arrives when the provider says it was paid (`settleTopUp`), never on the client's word.
 */
export async function startTopUp(ctx: CheckoutContext, userId: string, amount: number): Promise<TopUp> {
  let amountMinor: number
  try {
    amountMinor = parsePriceToMinor(amount, 'amount', MAX_TOP_UP_MINOR)
  } catch (error) {
    throw badRequest(error instanceof Error ? error.message : 'amount is not valid', 'invalid_amount')
  }
  if (amountMinor < MIN_TOP_UP_MINOR) {
    throw badRequest(`A top-up is at least ${formatMoney(MIN_TOP_UP_MINOR, ctx.config.currency)}`, 'invalid_amount')
  }
  const id = newId()
  const now = ctx.clock.now().toISOString()
  const currency = ctx.config.currency
  await ctx.db.insert(walletTopUps).values({ id, userId, amountMinor, currency, status: 'pending', createdAt: now })
  let session: { id: string; url: string }
  try {
    session = await loggedCall(
      ctx,
      { provider: ctx.payments.name, action: 'checkout.sessions.create', reference: id },
      () =>
        ctx.payments.createSession({
          orderId: id,
          amountMinor,
          currency,
          lineItems: [{ title: `${ctx.config.storeName} store credit`, unitMinor: amountMinor, quantity: 1 }],
          successUrl: `${ctx.config.publicUrl}/account?top_up=${SESSION_ID_PLACEHOLDER}`,
          cancelUrl: `${ctx.config.publicUrl}/account`,
        }),
      (opened) => ({ reference: opened.id }),
    )
  } catch (error) {
    ctx.log.error({ err: error, topUpId: id }, 'could not open a payment session for a top-up')
    await ctx.db.update(walletTopUps).set({ status: 'expired' }).where(eq(walletTopUps.id, id))
    throw unavailable('Payments are temporarily unavailable, try again shortly')
  }
  const [row] = await ctx.db
    .update(walletTopUps)
    .set({ sessionId: session.id })
    .where(eq(walletTopUps.id, id))
    .returning()
  if (!row) throw new Error('the top-up vanished')
  return { ...topUpView(row), url: session.url }
}

/** The top-up a payment session pays for, if it is one. */
export async function findTopUpBySession(ctx: CheckoutContext, sessionId: string): Promise<TopUpRow | undefined> {
  const [row] = await ctx.db.select().from(walletTopUps).where(eq(walletTopUps.sessionId, sessionId))
  return row
}

/**
 * Asks the provider about a top-up's session and credits the wallet once it is paid: the top-up is marked paid and
 * the credit written in one transaction, so confirms and webhooks racing add it once. A session the provider does not
 * know, or paid for another amount, credits nothing.
 */
export async function settleTopUp(ctx: CheckoutContext, topUp: TopUpRow): Promise<TopUpRow> {
  if (topUp.status === 'paid' || topUp.sessionId === null) return topUp
  const sessionId = topUp.sessionId
  const session = await loggedCall(
    ctx,
    { provider: ctx.payments.name, action: 'checkout.sessions.retrieve', reference: sessionId },
    () => ctx.payments.retrieveSession(sessionId),
    (state) => ({ detail: state?.status ?? 'unknown session' }),
  )
  if (!session || session.orderId !== topUp.id || session.status !== 'paid') return topUp
  if (session.amountMinor !== topUp.amountMinor) {
    ctx.log.error({ topUpId: topUp.id, paid: session.amountMinor }, 'a top-up was paid with another amount')
    return topUp
  }
  return ctx.db.transaction(async (tx) => {
    const [paid] = await tx
      .update(walletTopUps)
      .set({ status: 'paid', paidAt: ctx.clock.now().toISOString(), paymentId: session.paymentId ?? sessionId })
      .where(and(eq(walletTopUps.id, topUp.id), inArray(walletTopUps.status, ['pending', 'expired'])))
      .returning()
    if (!paid) return topUp
    await writeMovement(ctx, tx, {
      id: derivedId(`wallet-top-up:${paid.id}`),
      userId: paid.userId,
      amountMinor: paid.amountMinor,
      kind: 'top_up',
      reason: 'Paid by card',
      actorId: null,
      reference: `top-up:${paid.id}`,
    })
    return paid
  })
}

/**
 * Takes back store credit whose top-up the provider refunded (from its dashboard: we never refund top-ups ourselves),
 * once per provider refund. The credit may already be spent: the balance then goes below zero and later credit nets
 * it. Answers how many refunds it applied, or undefined when no top-up was paid with this payment.
 */
export async function syncTopUpRefunds(ctx: CheckoutContext, paymentId: string): Promise<number | undefined> {
  const [topUp] = await ctx.db
    .select()
    .from(walletTopUps)
    .where(and(eq(walletTopUps.paymentId, paymentId), eq(walletTopUps.status, 'paid')))
  if (!topUp) return undefined
  const refunds = await loggedCall(
    ctx,
    { provider: ctx.payments.name, action: 'refunds.list', reference: paymentId },
    () => ctx.payments.listRefunds(paymentId),
    (listed) => ({ detail: `${listed.length} refund(s)` }),
  )
  let applied = 0
  for (const refund of refunds) {
    if (refund.status !== 'succeeded') continue
    const { created } = await ctx.db.transaction((tx) =>
      writeMovement(
        ctx,
        tx,
        {
          id: derivedId(`wallet-top-up-refund:${refund.id}`),
          userId: topUp.userId,
          amountMinor: -refund.amountMinor,
          kind: 'debit',
          reason: 'Top-up refunded to your card',
          actorId: null,
          reference: `top-up-refund:${refund.id}`,
        },
        { mayGoNegative: true },
      ),
    )
    if (created) applied++
  }
  return applied
}

/** The success page's confirm: the top-up of this session, settled with the provider, if it is the user's. */
export async function confirmTopUp(ctx: CheckoutContext, userId: string, sessionId: string): Promise<TopUp> {
  const topUp = await findTopUpBySession(ctx, sessionId)
  if (!topUp || topUp.userId !== userId) throw notFound('No top-up has this payment session', 'top_up_not_found')
  return topUpView(await settleTopUp(ctx, topUp))
}

function topUpView(row: TopUpRow): TopUp {
  return {
    id: row.id,
    amount: toMajor(row.amountMinor),
    currency: row.currency,
    status: row.status,
    url: null,
    created_at: new Date(row.createdAt).toISOString(),
    paid_at: row.paidAt === null ? null : new Date(row.paidAt).toISOString(),
  }
}
