import type { OrderCompletedData, OrderRefundedData } from '@ambassador/contracts/events'
import {
  creditNoteOf,
  type InvoiceDocument,
  invoiceOf,
  type StoreDetails,
  storeDetailsOf,
} from '@ambassador/documents/invoice'
import { renderInvoicePdf } from '@ambassador/documents/invoice-pdf'
import type { Config } from '@ambassador/kit/config/config'
import type { Database } from '@ambassador/kit/db/database'
import { notFound } from '@ambassador/kit/errors/errors'
import { and, eq, sql } from 'drizzle-orm'
import { documentCounters, documents } from './schema.ts'

const PREFIX = { invoice: 'INV-', credit_note: 'CN-' } as const

/**
 * Gives a paid order its invoice number, in the transaction that completes the order. Numbers follow each other with
 * no gap, under any concurrency: the counter's row is raised in the same transaction, so a completion that rolls back
 * gives its number back, and concurrent completions take turns on that row (only from here to their commit: this is
 * the transaction's last write before the outbox).
 */
export async function issueInvoice(tx: Database, config: Config, order: OrderCompletedData): Promise<string> {
  return issue(tx, 'invoice', order.id, null, { ...order }, storeDetailsOf(config), order.completed_at)
}

/** Gives a refund its credit note number, in the transaction that records the refund as succeeded. */
export async function issueCreditNote(tx: Database, config: Config, refund: OrderRefundedData): Promise<string> {
  return issue(tx, 'credit_note', refund.order_id, refund.id, { ...refund }, storeDetailsOf(config), refund.refunded_at)
}

/** The invoice number of an order, if it has one. */
export async function invoiceNumberOf(db: Database, orderId: string): Promise<string | undefined> {
  const [invoice] = await db
    .select({ number: documents.number })
    .from(documents)
    .where(and(eq(documents.orderId, orderId), eq(documents.kind, 'invoice')))
  return invoice?.number
}

/** The numbers of an order's documents, invoice first. */
export async function documentsOf(db: Database, orderId: string) {
  return db
    .select({
      number: documents.number,
      kind: documents.kind,
      refundId: documents.refundId,
      issuedAt: documents.issuedAt,
    })
    .from(documents)
    .where(eq(documents.orderId, orderId))
    .orderBy(documents.issuedAt, documents.number)
}

/** A document as issued, rendered to PDF; `orderId` restricts it to one order's documents (404 otherwise). */
export async function documentPdf(db: Database, number: string, orderId?: string) {
  const [row] = await db
    .select()
    .from(documents)
    .where(orderId ? and(eq(documents.number, number), eq(documents.orderId, orderId)) : eq(documents.number, number))
  if (!row) throw notFound('Document not found')
  const store = row.store as StoreDetails
  let document: InvoiceDocument
  if (row.kind === 'invoice') {
    document = invoiceOf(row.data as OrderCompletedData, row.number, store)
  } else {
    const refund = row.data as OrderRefundedData
    document = creditNoteOf(refund, row.number, refund.invoice_number, store)
  }
  return { document, pdf: await renderInvoicePdf(document) }
}

async function issue(
  tx: Database,
  kind: keyof typeof PREFIX,
  orderId: string,
  refundId: string | null,
  data: Record<string, unknown>,
  store: StoreDetails,
  issuedAt: string,
): Promise<string> {
  const result = await tx.execute<{ number: string }>(sql`
    WITH next AS (
      UPDATE ${documentCounters} SET last = last + 1 WHERE kind = ${kind} RETURNING last
    )
    INSERT INTO ${documents} (number, kind, order_id, refund_id, data, store, issued_at)
    SELECT ${PREFIX[kind]} || lpad(next.last::text, 6, '0'), ${kind}, ${orderId}, ${refundId},
      ${JSON.stringify(data)}::jsonb, ${JSON.stringify(store)}::jsonb, ${issuedAt}
    FROM next
    RETURNING number`)
  const number = result.rows[0]?.number
  if (!number) throw new Error(`no ${kind} counter: the checkout migration that creates it has not run`)
  return number
}
