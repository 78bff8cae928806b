import PDFDocument from 'pdfkit'
import { documentFileName, type InvoiceDocument } from './invoice.ts'

const MARGIN = 50
const WIDTH = 595.28 - 2 * MARGIN // A4
const MUTED = '#555555'

/**
 * Renders an invoice or credit note as an A4 PDF with the built-in Helvetica (no font files to ship). The document's
 * dates are the document's own, so the same document renders to the same bytes.
 */
export function renderInvoicePdf(document: InvoiceDocument): Promise<Buffer> {
  const issued = new Date(document.issuedAt)
  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: documentFileName(document).replace(/\.pdf$/, ''),
      Author: document.store.name,
      CreationDate: issued,
      ModDate: issued,
    },
  })
  const chunks: Buffer[] = []
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)))
    pdf.on('error', reject)
  })
  const money = (minor: number) => formatMoney(minor, document.currency)

  // Who issues it, and what it is.
  pdf.font('Helvetica-Bold').fontSize(18).text(document.store.name)
  pdf.font('Helvetica').fontSize(10).fillColor(MUTED)
  for (const line of document.store.address) pdf.text(line)
  if (document.store.email) pdf.text(document.store.email)
  if (document.store.taxId) pdf.text(`Tax ID: ${document.store.taxId}`)
  pdf.moveDown(1.5).fillColor('black')
  pdf
    .font('Helvetica-Bold')
    .fontSize(16)
    .text(document.kind === 'invoice' ? `Invoice ${document.number}` : `Credit note ${document.number}`)
  pdf.font('Helvetica').fontSize(10)
  pdf.text(`Date: ${issued.toISOString().slice(0, 10)}`)
  pdf.text(`Order: ${document.orderId}`)
  if (document.correcting) pdf.text(`Corrects invoice ${document.correcting}`)
  if (document.paymentReference) pdf.text(`Payment reference: ${document.paymentReference}`)
  pdf.moveDown()

  // Who it is for.
  pdf.font('Helvetica-Bold').text(document.kind === 'invoice' ? 'Billed to' : 'Refunded to')
  pdf.font('Helvetica').text(document.customer.name)
  for (const line of document.customer.address) pdf.text(line)
  pdf.text(document.customer.email)
  pdf.moveDown(1.5)

  // The lines.
  const columns = {
    title: MARGIN,
    quantity: MARGIN + 260,
    unit: MARGIN + 300,
    discount: MARGIN + 370,
    total: MARGIN + 430,
  }
  const row = (cells: [string, string, string, string, string], bold = false) => {
    const y = pdf.y
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica')
    pdf.text(cells[0], columns.title, y, { width: 250 })
    const end = pdf.y
    pdf.text(cells[1], columns.quantity, y, { width: 35, align: 'right' })
    pdf.text(cells[2], columns.unit, y, { width: 65, align: 'right' })
    pdf.text(cells[3], columns.discount, y, { width: 55, align: 'right' })
    pdf.text(cells[4], columns.total, y, { width: WIDTH + MARGIN - columns.total, align: 'right' })
    pdf.x = MARGIN
    pdf.y = Math.max(end, pdf.y) + 4
  }
  row(['Item', 'Qty', 'Unit price', 'Discount', 'Amount'], true)
  pdf
    .moveTo(MARGIN, pdf.y)
    .lineTo(MARGIN + WIDTH, pdf.y)
    .strokeColor('#cccccc')
    .stroke()
  pdf.y += 4
  for (const line of document.lines) {
    row([
      line.title,
      String(line.quantity),
      money(line.unitMinor),
      line.discountMinor > 0 ? `-${money(line.discountMinor)}` : '',
      money(line.totalMinor),
    ])
  }
  pdf
    .moveTo(MARGIN, pdf.y)
    .lineTo(MARGIN + WIDTH, pdf.y)
    .stroke()
  pdf.y += 8

  // The totals.
  const total = (label: string, value: string, bold = false) => {
    const y = pdf.y
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica')
    pdf.text(label, MARGIN + 250, y, { width: 170, align: 'right' })
    pdf.text(value, columns.total, y, { width: WIDTH + MARGIN - columns.total, align: 'right' })
    pdf.x = MARGIN
  }
  if (document.discountMinor > 0) {
    total('Subtotal', money(document.subtotalMinor))
    const coupon = document.couponCode ? ` (coupon ${document.couponCode})` : ''
    total(`Discount${coupon}`, `-${money(document.discountMinor)}`)
  }
  total(document.kind === 'invoice' ? 'Total paid' : 'Total refunded', money(document.totalMinor), true)
  if (document.tax) {
    total(`incl. ${document.tax.name} ${document.tax.rateBasisPoints / 100}%`, money(document.tax.amountMinor))
  }
  const storeCreditMinor = document.storeCreditMinor ?? 0
  if (storeCreditMinor > 0) {
    const invoice = document.kind === 'invoice'
    total(invoice ? 'Paid with store credit' : 'To store credit', money(storeCreditMinor))
    const rest = document.totalMinor - storeCreditMinor
    if (rest > 0) total(invoice ? 'Paid by card' : 'To the card', money(rest))
  }
  pdf.end()
  return done
}

/** Money as the documents print it: 1,234.50 USD (the PDF's built-in font has no symbol for every currency). */
export function formatMoney(minor: number, currency: string): string {
  const sign = minor < 0 ? '-' : ''
  const abs = Math.abs(minor)
  const major = Math.floor(abs / 100).toLocaleString('en-US')
  return `${sign}${major}.${String(abs % 100).padStart(2, '0')} ${currency.toUpperCase()}`
}
