import { inTransaction } from '@ambassador/kit/db/database'
import type { ServiceContext, Worker } from '@ambassador/kit/service'
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm'
import { emails } from './schema.ts'
import type { MailTransport } from './transport.ts'

export type EmailContext = ServiceContext & { transport: MailTransport }

/** How many mails one worker pass claims. */
export const DELIVERY_BATCH = 50

/** Attempts before a mail is given up as failed. */
export const MAX_ATTEMPTS = 5

/** How long a claimed mail is reserved for the worker sending it; after that (a crash) another worker retries it. */
export const CLAIM_LEASE_MS = 5 * 60_000

/** The wait after the 1st, 2nd, 3rd and 4th failed attempt. */
export const RETRY_DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000] as const

type Claimed = { id: string; to: string; subject: string; text: string; html: string; attempts: number }

/**
 * Sends the mails that are due: claims a batch in a short transaction, sends each one with no transaction open,
 * then records the outcome. Returns how many mails changed state (sent, failed, or waiting for a retry), so a
 * drain settles even while some mail keeps failing.
 */
export async function deliverDueEmails(ctx: EmailContext): Promise<number> {
  const claimed = await claimDueEmails(ctx)
  const sent: Claimed[] = []
  for (const mail of claimed) {
    try {
      await ctx.transport.send({
        from: ctx.config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      })
    } catch (error) {
      await recordFailure(ctx, mail, error)
      continue
    }
    sent.push(mail)
  }
  // Outside the sends' try: a failure to record sent mails must not count as failed sends.
  await recordSent(ctx, sent)
  return claimed.length
}

/**
 * Reserves up to a batch of due mails for this worker. SKIP LOCKED keeps concurrent workers on disjoint rows, and
 * pushing `next_attempt_at` out by the lease keeps the others off them after this short transaction commits.
 * The attempt is counted here, so a worker that dies mid-send still uses one up.
 */
async function claimDueEmails(ctx: EmailContext): Promise<Claimed[]> {
  const now = ctx.clock.now()
  return inTransaction(ctx.db, async (tx) => {
    const due = await tx
      .select({ id: emails.id })
      .from(emails)
      .where(and(eq(emails.status, 'queued'), lte(emails.nextAttemptAt, now.toISOString())))
      .orderBy(asc(emails.nextAttemptAt), asc(emails.id))
      .limit(DELIVERY_BATCH)
      .for('update', { skipLocked: true })
    if (due.length === 0) return []
    const rows = await tx
      .update(emails)
      .set({
        attempts: sql`${emails.attempts} + 1`,
        nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS).toISOString(),
      })
      .where(
        inArray(
          emails.id,
          due.map((d) => d.id),
        ),
      )
      .returning({
        id: emails.id,
        to: emails.to,
        subject: emails.subject,
        text: emails.text,
        html: emails.html,
        attempts: emails.attempts,
      })
    return rows.sort((a, b) => (a.id < b.id ? -1 : 1))
  })
}

/** Only the claim that sent the mail may record its outcome (matched on its attempt number). */
function stillClaimed(mail: Claimed) {
  return and(eq(emails.id, mail.id), eq(emails.status, 'queued'), eq(emails.attempts, mail.attempts))
}

/** Marks the mails of a pass sent, in one statement; each only if its claim is still the one that sent it. */
async function recordSent(ctx: EmailContext, mails: Claimed[]) {
  if (mails.length === 0) return
  const claims = sql.join(
    mails.map((mail) => sql`(${mail.id}::uuid, ${mail.attempts}::int)`),
    sql`, `,
  )
  await ctx.db
    .update(emails)
    .set({ status: 'sent', sentAt: ctx.clock.now().toISOString(), lastError: null })
    .where(and(eq(emails.status, 'queued'), sql`(${emails.id}, ${emails.attempts}) IN (${claims})`))
}

async function recordFailure(ctx: EmailContext, mail: Claimed, error: unknown) {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 2_000)
  const givenUp = mail.attempts >= MAX_ATTEMPTS
  const delay = RETRY_DELAYS_MS[Math.min(mail.attempts, RETRY_DELAYS_MS.length) - 1] ?? 0
  ctx.log.warn(
    { emailId: mail.id, attempts: mail.attempts, err: error },
    givenUp ? 'email failed' : 'email send failed',
  )
  await ctx.db
    .update(emails)
    .set({
      status: givenUp ? 'failed' : 'queued',
      lastError: message,
      nextAttemptAt: new Date(ctx.clock.now().getTime() + delay).toISOString(),
    })
    .where(stillClaimed(mail))
}

/** Passes one after another while each finds a full batch, so a burst of orders is mailed without waiting for the timer. */
async function deliverBacklog(ctx: EmailContext): Promise<number> {
  let total = 0
  for (let passes = 0; passes < BACKLOG_PASSES; passes++) {
    const changed = await deliverDueEmails(ctx)
    total += changed
    if (changed < DELIVERY_BATCH) break
  }
  return total
}

/** At most this many passes in one run, so one run never holds the worker for long. */
const BACKLOG_PASSES = 100

/**
 * The delivery worker. Passes in one process run one at a time, so `drain()` waits for a pass the interval timer
 * started instead of finding its mails claimed and stopping early; across processes the claim keeps them apart.
 */
export function createDeliveryWorker(): Worker<EmailContext> {
  const tails = new WeakMap<EmailContext, Promise<unknown>>()
  return {
    name: 'deliver-emails',
    intervalMs: 500,
    run(ctx) {
      const pass = (tails.get(ctx) ?? Promise.resolve()).then(() => deliverBacklog(ctx))
      tails.set(
        ctx,
        pass.catch(() => {}),
      )
      return pass
    },
  }
}
