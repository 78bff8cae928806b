import type { Database } from '@ambassador/kit/db/database'
import { newId } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { asc, eq } from 'drizzle-orm'
import { paymentLog } from '../schema.ts'

export type PaymentLogEntry = {
  orderId?: string | undefined
  provider: string
  direction: 'call' | 'webhook'
  action: string
  reference?: string | undefined
  outcome: 'ok' | 'failed' | 'duplicate' | 'ignored'
  detail?: string | undefined
}

/** The row a log entry becomes; also for callers that write it in a statement of their own. */
export function paymentLogRow(ctx: Pick<ServiceContext, 'clock'>, entry: PaymentLogEntry) {
  return {
    id: newId(),
    orderId: entry.orderId ?? null,
    provider: entry.provider,
    direction: entry.direction,
    action: entry.action,
    reference: entry.reference ?? null,
    outcome: entry.outcome,
    detail: entry.detail?.slice(0, 2_000) ?? null,
    createdAt: ctx.clock.now().toISOString(),
  }
}

/** Records one entry of the transaction log. A log that cannot be written never fails the payment it describes. */
export async function logPayment(ctx: Pick<ServiceContext, 'db' | 'clock' | 'log'>, entry: PaymentLogEntry) {
  try {
    await ctx.db.insert(paymentLog).values(paymentLogRow(ctx, entry))
  } catch (error) {
    ctx.log.warn({ err: error, entry }, 'could not write the payment log')
  }
}

type CallEntry = Pick<PaymentLogEntry, 'orderId' | 'action' | 'reference'> & { provider: string }

/** Runs one call to the payment provider and logs it with its outcome (`describe` adds what only the answer tells). */
export async function loggedCall<T>(
  ctx: Pick<ServiceContext, 'db' | 'clock' | 'log'>,
  entry: CallEntry,
  call: () => Promise<T>,
  describe?: (result: T) => Partial<Pick<PaymentLogEntry, 'orderId' | 'reference' | 'detail'>>,
): Promise<T> {
  let result: T
  try {
    result = await call()
  } catch (error) {
    await logPayment(ctx, {
      ...entry,
      direction: 'call',
      outcome: 'failed',
      detail: error instanceof Error ? error.message : String(error),
    })
    throw error
  }
  await logPayment(ctx, { ...entry, ...describe?.(result), direction: 'call', outcome: 'ok' })
  return result
}

/** An order's transaction log, oldest first. */
export async function paymentLogOf(db: Database, orderId: string) {
  return db
    .select()
    .from(paymentLog)
    .where(eq(paymentLog.orderId, orderId))
    .orderBy(asc(paymentLog.createdAt), asc(paymentLog.id))
}
