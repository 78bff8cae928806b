import { inTransaction } from '@ambassador/kit/db/database'
import { emailsFailed, emailsSent } from '@ambassador/kit/metrics/metrics'
import type { ServiceContext, Worker } from '@ambassador/kit/service'
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm'
import { type MailBodies, withoutOneTimeLink } from './one-time-links.ts'
import { emails } from './schema.ts'
import { type MailAttachment, type MailTransport, PermanentMailError, SEND_TIMEOUT_MS } from './transport.ts'

export type EmailContext = ServiceContext & { transport: MailTransport }

/** How many mails one worker pass claims. */
export const DELIVERY_BATCH = 50

/** Attempts before a mail is given up as failed. */
export const MAX_ATTEMPTS = 5

/** How long a claimed mail is reserved for the worker sending it; after that (a crash) another worker retries it. */
export const CLAIM_LEASE_MS = 5 * 60_000

/** The wait after the 1st, 2nd, 3rd and 4th failed attempt. */
export const RETRY_DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000] as const

type Claimed = {
  id: string
  kind: string
  to: string
  subject: string
  text: string
  html: string
  attachments: MailAttachment[] | null
  attempts: number
  /** When this worker's claim on the mail runs out (ms since the epoch). */
  leaseEnds: number
}

/**
 * Sends the mails that are due: claims a batch in a short transaction, then sends them one by one with no
 * transaction open, recording each outcome as soon as it is known. Returns how many mails changed state (sent,
 * failed, waiting for a retry, or handed back), so a drain settles even while some mail keeps failing.
 *
 * What holds across crashes: the claim counts the attempt before anything is sent, and a mail the server accepted
 * is recorded `sent` right after, before the next one goes; a mail never goes out twice through this worker. Only a
 * crash (or a lost database) between the server's acceptance and that record leaves the mail queued; it is sent
 * again once its claim lease is over, with the same Message-ID, by which receiving systems recognise the repeat.
 */
export async function deliverDueEmails(ctx: EmailContext): Promise<number> {
  const claimed = await claimDueEmails(ctx)
  for (const mail of claimed) await deliverClaimed(ctx, mail)
  return claimed.length
}

async function deliverClaimed(ctx: EmailContext, mail: Claimed) {
  // A send must end while the claim holds: once it lapses another worker may claim the mail and send it too.
  if (mail.leaseEnds - ctx.clock.now().getTime() < SEND_TIMEOUT_MS) {
    await releaseClaim(ctx, mail)
    return
  }
  const redacted = withoutOneTimeLink(mail.kind, mail, ctx.config.publicUrl)
  try {
    await ctx.transport.send({
      messageId: messageIdOf(mail.id, ctx.config.mailFrom),
      from: ctx.config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: mail.attachments ?? undefined,
      redacted,
    })
  } catch (error) {
    emailsFailed.inc({ service: ctx.service })
    await recordFailure(ctx, mail, error, redacted)
    return
  }
  emailsSent.inc({ service: ctx.service })
  // Outside the send's try: a failure to record a sent mail must not count as a failed send.
  await recordSent(ctx, mail, redacted)
}

/**
 * The Message-ID of a mail: the same for every attempt at it (its log row's id), at the sender's domain, so a
 * receiving system can recognise a repeat.
 */
export function messageIdOf(emailId: string, mailFrom: string): string {
  const domain = /@([^\s<>@]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'ambassador.local'
  return `<${emailId}@${domain}>`
}

/**
 * Reserves up to a batch of due mails for this worker. SKIP LOCKED keeps concurrent workers on disjoint rows, and
 * pushing `next_attempt_at` out by the lease keeps the others off them after this short transaction commits.
 * The attempt is counted here, so a worker that dies mid-send still uses one up.
 */
async function claimDueEmails(ctx: EmailContext): Promise<Claimed[]> {
  const now = ctx.clock.now()
  const leaseEnds = now.getTime() + CLAIM_LEASE_MS
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
      .set({ attempts: sql`${emails.attempts} + 1`, nextAttemptAt: new Date(leaseEnds).toISOString() })
      .where(
        inArray(
          emails.id,
          due.map((d) => d.id),
        ),
      )
      .returning({
        id: emails.id,
        kind: emails.kind,
        to: emails.to,
        subject: emails.subject,
        text: emails.text,
        html: emails.html,
        attachments: emails.attachments,
        attempts: emails.attempts,
      })
    return rows.map((row) => ({ ...row, leaseEnds })).sort((a, b) => (a.id < b.id ? -1 : 1))
  })
}

/** Only the claim that sent the mail may record its outcome (matched on its attempt number). */
function stillClaimed(mail: Claimed) {
  return and(eq(emails.id, mail.id), eq(emails.status, 'queued'), eq(emails.attempts, mail.attempts))
}

/**
 * Marks the mail sent. A one-time link mail keeps its bodies only with the link left out (`redacted`), in the
 * same update: once sent, the log holds no secret.
 */
async function recordSent(ctx: EmailContext, mail: Claimed, redacted: MailBodies | undefined) {
  await ctx.db
    .update(emails)
    .set({ status: 'sent', sentAt: ctx.clock.now().toISOString(), lastError: null, ...redacted })
    .where(stillClaimed(mail))
}

/** Gives back a claim this worker has no time left to use: the attempt was never made, so it is not counted. */
async function releaseClaim(ctx: EmailContext, mail: Claimed) {
  await ctx.db
    .update(emails)
    .set({ attempts: sql`${emails.attempts} - 1`, nextAttemptAt: ctx.clock.now().toISOString() })
    .where(stillClaimed(mail))
}

/**
 * A refusal for good (`PermanentMailError`, e.g. an SMTP 5xx) fails the mail at once; anything else waits for the
 * next attempt, until the last one. The log keeps the transport's words (the server's answer); a one-time link
 * mail given up keeps its bodies redacted, as a sent one does, since it is never sent again.
 */
async function recordFailure(ctx: EmailContext, mail: Claimed, error: unknown, redacted: MailBodies | undefined) {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 2_000)
  const givenUp = error instanceof PermanentMailError || mail.attempts >= MAX_ATTEMPTS
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
      ...(givenUp ? redacted : undefined),
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
