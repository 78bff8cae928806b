import type { EventEnvelope } from '@ambassador/contracts/events'
import {
  creditNoteOf,
  documentFileName,
  type InvoiceDocument,
  invoiceOf,
  storeDetailsOf,
} from '@ambassador/documents/invoice'
import { renderInvoicePdf } from '@ambassador/documents/invoice-pdf'
import type { Database } from '@ambassador/kit/db/database'
import { notYet } from '@ambassador/kit/errors/errors'
import { newId } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { desc, eq } from 'drizzle-orm'
import { passwordResetEmail, signInLinkEmail } from './account-templates.ts'
import { type FulfilmentStep, fulfilmentEmail } from './fulfilment-templates.ts'
import { payoutPaidEmail, payoutReturnedEmail, walletMovementEmail } from './payout-templates.ts'
import { orderRecipients } from './recipients.ts'
import { adminRefundEmail, commissionReversedEmail, refundReceiptEmail } from './refund-templates.ts'
import { emails, recipients } from './schema.ts'
import {
  adminOrderEmail,
  ambassadorSaleEmail,
  orderReceiptEmail,
  type RenderedEmail,
  type Store,
  welcomeEmail,
} from './templates.ts'
import type { MailAttachment } from './transport.ts'
import { webhookEndpointDisabledEmail } from './webhook-templates.ts'

export type EmailKind =
  | 'welcome'
  | 'order-receipt'
  | 'ambassador-sale'
  | 'admin-order'
  | 'refund-receipt'
  | 'commission-reversed'
  | 'admin-refund'
  | 'order-fulfilled'
  | 'order-shipped'
  | 'order-delivered'
  | 'sign-in-link'
  | 'password-reset'
  | 'payout-paid'
  | 'payout-returned'
  | 'wallet-deposited'
  | 'wallet-debited'
  | 'webhook-endpoint-disabled'

export type NewEmail = RenderedEmail & { kind: EmailKind; to: string; attachments?: MailAttachment[] | undefined }

/** How many entries the admin's mail log shows: the newest ones. */
export const EMAIL_LOG_LIMIT = 500

/**
 * Queues the mails one event causes, in the caller's transaction; the delivery worker sends them later. A mail
 * already queued for the same event, kind and recipient is left as it is, so an event never mails anyone twice.
 */
export async function queueEmails(ctx: ServiceContext, eventId: string, mails: NewEmail[]) {
  if (mails.length === 0) return
  const now = ctx.clock.now().toISOString()
  await ctx.db
    .insert(emails)
    .values(
      mails.map((mail) => ({
        id: newId(),
        eventId,
        ...mail,
        to: mail.to.trim().toLowerCase(),
        status: 'queued' as const,
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      })),
    )
    .onConflictDoNothing({ target: [emails.eventId, emails.kind, emails.to] })
}

/** Welcomes a newly registered ambassador (admins get no welcome mail). */
export async function queueWelcomeEmail(ctx: ServiceContext, event: EventEnvelope<'user.registered'>) {
  const user = event.data
  if (user.role !== 'ambassador') return
  await queueEmails(ctx, event.id, [
    { kind: 'welcome', to: user.email, ...welcomeEmail({ firstName: user.first_name }, storeOf(ctx)) },
  ])
}

/**
 * Queues what a completed order causes: the customer's receipt, the ambassador's "you made a sale", and a notice
 * to every admin. An ambassador whose registration has not reached us yet (it travels on another stream) makes
 * the event wait and come again, rather than dropping their mail.
 */
export async function queueOrderEmails(ctx: ServiceContext, event: EventEnvelope<'order.completed'>) {
  const order = event.data
  const { ambassador, adminAddresses } = await orderRecipients(ctx, order.ambassador_id ?? undefined)
  if (order.ambassador_id !== null && !ambassador) {
    throw notYet(`No recipient is known for ambassador ${order.ambassador_id} yet`)
  }
  const store = storeOf(ctx)
  const adminNotice = adminOrderEmail(order, ambassador, store)
  const invoice = order.invoice_number
    ? await pdfAttachment(invoiceOf(order, order.invoice_number, storeDetailsOf(ctx.config)))
    : undefined
  await queueEmails(ctx, event.id, [
    {
      kind: 'order-receipt',
      to: order.email,
      ...orderReceiptEmail(order, ambassador, store),
      attachments: invoice && [invoice],
    },
    ...(ambassador
      ? [{ kind: 'ambassador-sale' as const, to: ambassador.email, ...ambassadorSaleEmail(order, ambassador, store) }]
      : []),
    ...adminAddresses.map((to) => ({ kind: 'admin-order' as const, to, ...adminNotice })),
  ])
}

/**
 * Queues what a refund causes: the customer's "refund issued", the ambassador's "commission reversed" (when any
 * was), and a notice to every admin. Waits for an ambassador not known yet, like an order does.
 */
export async function queueRefundEmails(ctx: ServiceContext, event: EventEnvelope<'order.refunded'>) {
  const refund = event.data
  const { ambassador, adminAddresses } = await orderRecipients(ctx, refund.ambassador_id ?? undefined)
  if (refund.ambassador_id !== null && !ambassador) {
    throw notYet(`No recipient is known for ambassador ${refund.ambassador_id} yet`)
  }
  const store = storeOf(ctx)
  const adminNotice = adminRefundEmail(refund, ambassador, store)
  const creditNote = refund.credit_note_number
    ? await pdfAttachment(
        creditNoteOf(refund, refund.credit_note_number, refund.invoice_number, storeDetailsOf(ctx.config)),
      )
    : undefined
  await queueEmails(ctx, event.id, [
    {
      kind: 'refund-receipt',
      to: refund.email,
      ...refundReceiptEmail(refund, store),
      attachments: creditNote && [creditNote],
    },
    ...(ambassador && refund.ambassador_revenue_minor > 0
      ? [
          {
            kind: 'commission-reversed' as const,
            to: ambassador.email,
            ...commissionReversedEmail(refund, ambassador, store),
          },
        ]
      : []),
    ...adminAddresses.map((to) => ({ kind: 'admin-refund' as const, to, ...adminNotice })),
  ])
}

/** Tells the shopper their order moved on (packed, shipped, delivered), once per event. */
export async function queueFulfilmentEmail(
  ctx: ServiceContext,
  event: EventEnvelope<'order.fulfilled' | 'order.shipped' | 'order.delivered'>,
) {
  const step = event.type.slice('order.'.length) as FulfilmentStep
  await queueEmails(ctx, event.id, [
    { kind: `order-${step}`, to: event.data.email, ...fulfilmentEmail(step, event.data, storeOf(ctx)) },
  ])
}

/** Mails a one-time link: a shopper's sign-in link, or a password reset link for any area. */
export async function queueAccountLinkEmail(
  ctx: ServiceContext,
  event: EventEnvelope<'user.sign_in_link_requested' | 'user.password_reset_requested'>,
) {
  const render = event.type === 'user.sign_in_link_requested' ? signInLinkEmail : passwordResetEmail
  const kind = event.type === 'user.sign_in_link_requested' ? 'sign-in-link' : 'password-reset'
  await queueEmails(ctx, event.id, [
    { kind, to: event.data.email, ...render(event.data, event.occurredAt, storeOf(ctx)) },
  ])
}

/** Tells the ambassador their payout was sent, or came back to their balance. */
export async function queuePayoutEmail(ctx: ServiceContext, event: EventEnvelope<'payout.paid' | 'payout.returned'>) {
  if (event.data.email === '') return // the ambassador service did not know them yet: nobody to tell
  // Commission paid into store credit is told by the wallet's own mail (wallet.deposited).
  if (event.type === 'payout.paid' && event.data.method === 'store_credit') return
  const mail =
    event.type === 'payout.paid'
      ? { kind: 'payout-paid' as const, ...payoutPaidEmail(event.data, storeOf(ctx)) }
      : { kind: 'payout-returned' as const, ...payoutReturnedEmail(event.data, storeOf(ctx)) }
  await queueEmails(ctx, event.id, [{ ...mail, to: event.data.email }])
}

/** Tells a user their store credit moved; waits (retried) until the user is known here. */
export async function queueWalletEmail(
  ctx: ServiceContext,
  event: EventEnvelope<'wallet.deposited' | 'wallet.debited'>,
) {
  const [recipient] = await ctx.db.select().from(recipients).where(eq(recipients.id, event.data.user_id))
  if (!recipient) throw notYet(`user ${event.data.user_id} is not known yet`)
  const direction = event.type === 'wallet.deposited' ? 'deposited' : 'debited'
  await queueEmails(ctx, event.id, [
    {
      kind: `wallet-${direction}`,
      to: recipient.email,
      ...walletMovementEmail(event.data, direction, recipient.firstName, storeOf(ctx)),
    },
  ])
}

/** Tells every admin (and the addresses told about every order) that a webhook endpoint was turned off. */
export async function queueWebhookDisabledEmails(
  ctx: ServiceContext,
  event: EventEnvelope<'webhook.endpoint_disabled'>,
) {
  const { adminAddresses } = await orderRecipients(ctx)
  const mail = webhookEndpointDisabledEmail(event.data, storeOf(ctx))
  await queueEmails(
    ctx,
    event.id,
    adminAddresses.map((to) => ({ kind: 'webhook-endpoint-disabled' as const, to, ...mail })),
  )
}

/** A document as a mail attachment: rendered now, kept with the mail until it is sent. */
async function pdfAttachment(document: InvoiceDocument): Promise<MailAttachment> {
  const pdf = await renderInvoicePdf(document)
  return {
    filename: documentFileName(document),
    content_type: 'application/pdf',
    content_base64: pdf.toString('base64'),
  }
}

/** Who the mails come from, as the layout shows it. */
function storeOf(ctx: ServiceContext): Store {
  return { name: ctx.config.storeName, url: ctx.config.publicUrl }
}

/** The newest outgoing mails, newest first, for the admin's mail log: each with its delivery state and last error. */
export async function listEmailLog(db: Database, to?: string) {
  const rows = await db
    .select({
      id: emails.id,
      to: emails.to,
      subject: emails.subject,
      status: emails.status,
      attempts: emails.attempts,
      lastError: emails.lastError,
      createdAt: emails.createdAt,
      sentAt: emails.sentAt,
    })
    .from(emails)
    .where(to === undefined ? undefined : eq(emails.to, to.trim().toLowerCase()))
    .orderBy(desc(emails.createdAt), desc(emails.id))
    .limit(EMAIL_LOG_LIMIT)
  return rows.map(({ createdAt, sentAt, lastError, ...row }) => ({
    ...row,
    last_error: lastError,
    created_at: new Date(createdAt).toISOString(),
    sent_at: sentAt === null ? null : new Date(sentAt).toISOString(),
  }))
}
