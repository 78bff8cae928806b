import type { OrderCompletedData, OrderRefundedData } from '@ambassador/contracts/events'

/** Who issues the documents: the store's details, from the STORE_* settings. */
export type StoreDetails = {
  name: string
  /** Postal address, one line each. */
  address: string[]
  email: string | undefined
  taxId: string | undefined
  /** Prices include this tax when set: the documents show the tax part of the total. */
  tax: { name: string; rateBasisPoints: number } | undefined
}

/** The STORE_* settings, as the kit's config holds them. */
export type StoreSettings = {
  storeName: string
  storeAddress: string[]
  storeEmail: string | undefined
  storeTaxId: string | undefined
  storeTax: { name: string; rateBasisPoints: number } | undefined
}

export function storeDetailsOf(settings: StoreSettings): StoreDetails {
  return {
    name: settings.storeName,
    address: settings.storeAddress,
    email: settings.storeEmail,
    taxId: settings.storeTaxId,
    tax: settings.storeTax,
  }
}

export type DocumentLine = {
  title: string
  quantity: number
  unitMinor: number
  discountMinor: number
  totalMinor: number
}

/** An invoice (a paid order) or a credit note (money given back), as the PDF shows it. */
export type InvoiceDocument = {
  kind: 'invoice' | 'credit-note'
  number: string
  /** The invoice a credit note corrects. */
  correcting?: string | undefined
  issuedAt: string
  orderId: string
  store: StoreDetails
  customer: { name: string; email: string; address: string[] }
  currency: string
  lines: DocumentLine[]
  subtotalMinor: number
  discountMinor: number
  couponCode?: string | null | undefined
  totalMinor: number
  /** The tax included in the total, when the store charges one. */
  tax?: { name: string; rateBasisPoints: number; amountMinor: number } | undefined
  paymentReference?: string | null | undefined
  /** The part of the total paid with (invoice) or given back to (credit note) store credit; the card took the rest. */
  storeCreditMinor?: number | undefined
}

/** The invoice of a paid order, from the order as order.completed carries it. */
export function invoiceOf(order: OrderCompletedData, number: string, store: StoreDetails): InvoiceDocument {
  const lines = order.items.map((item) => {
    const discountMinor = item.discount_minor ?? 0
    return {
      title: item.product_title,
      quantity: item.quantity,
      unitMinor: item.price_minor,
      discountMinor,
      totalMinor: item.price_minor * item.quantity - discountMinor,
    }
  })
  return {
    kind: 'invoice',
    number,
    issuedAt: order.completed_at,
    orderId: order.id,
    store,
    customer: {
      name: `${order.first_name} ${order.last_name}`,
      email: order.email,
      address: [order.address, `${order.zip} ${order.city}`, order.country],
    },
    currency: order.currency,
    lines,
    subtotalMinor: lines.reduce((sum, line) => sum + line.unitMinor * line.quantity, 0),
    discountMinor: order.discount_minor ?? 0,
    couponCode: order.coupon_code,
    totalMinor: order.total_minor,
    tax: taxIn(order.total_minor, store),
    paymentReference: order.payment_reference,
    storeCreditMinor: order.store_credit_minor,
  }
}

/** The credit note of a refund: what was given back, line by line, against the order's invoice. */
export function creditNoteOf(
  refund: OrderRefundedData,
  number: string,
  invoiceNumber: string | undefined,
  store: StoreDetails,
): InvoiceDocument {
  const lines = refund.items.map((item) => ({
    title: item.product_title,
    quantity: item.quantity,
    unitMinor: item.quantity > 0 ? Math.round(item.amount_minor / item.quantity) : item.amount_minor,
    discountMinor: 0,
    totalMinor: item.amount_minor,
  }))
  return {
    kind: 'credit-note',
    number,
    correcting: invoiceNumber,
    issuedAt: refund.refunded_at,
    orderId: refund.order_id,
    store,
    customer: { name: `${refund.first_name} ${refund.last_name}`, email: refund.email, address: [] },
    currency: refund.currency,
    lines,
    subtotalMinor: refund.amount_minor,
    discountMinor: 0,
    totalMinor: refund.amount_minor,
    tax: taxIn(refund.amount_minor, store),
    storeCreditMinor: refund.store_credit_minor,
  }
}

/** The tax part of a tax-inclusive amount, rounded half up: amount × rate / (1 + rate). */
export function taxIn(amountMinor: number, store: StoreDetails): InvoiceDocument['tax'] {
  if (!store.tax) return undefined
  const rate = BigInt(store.tax.rateBasisPoints)
  const amountMinorTax = Number((BigInt(amountMinor) * rate * 2n + (10_000n + rate)) / (2n * (10_000n + rate)))
  return { ...store.tax, amountMinor: amountMinorTax }
}

/** The file name a document downloads as. */
export function documentFileName(document: Pick<InvoiceDocument, 'kind' | 'number'>): string {
  return `${document.kind === 'invoice' ? 'invoice' : 'credit-note'}-${document.number}.pdf`
}
