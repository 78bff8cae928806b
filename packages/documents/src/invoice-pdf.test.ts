import { PDFParse } from 'pdf-parse'
import { describe, expect, it } from 'vitest'
import { creditNoteOf, invoiceOf, type StoreDetails, taxIn } from './invoice.ts'
import { formatMoney, renderInvoicePdf } from './invoice-pdf.ts'

const store: StoreDetails = {
  name: 'Ambassador Shop',
  address: ['1 Market Street', '10115 Berlin', 'Germany'],
  email: 'shop@example.com',
  taxId: 'DE123456789',
  tax: { name: 'VAT', rateBasisPoints: 1900 },
}

const order = {
  id: '0190aaaa-0000-7000-8000-0000000000aa',
  link_id: null,
  code: null,
  ambassador_id: null,
  first_name: 'Grace',
  last_name: 'Hopper',
  email: 'grace@example.com',
  address: '1 Harbour St',
  country: 'USA',
  city: 'Arlington',
  zip: '22201',
  currency: 'USD',
  total_minor: 12132,
  discount_minor: 1348,
  coupon_code: 'LIGHT10',
  admin_revenue_minor: 12132,
  ambassador_revenue_minor: 0,
  items: [
    {
      id: 'i1',
      product_id: 'p1',
      product_title: 'Brass Desk Lamp',
      price_minor: 4990,
      quantity: 2,
      discount_minor: 998,
      admin_revenue_minor: 8982,
      ambassador_revenue_minor: 0,
    },
    {
      id: 'i2',
      product_id: 'p2',
      product_title: 'Reading Lamp',
      price_minor: 3500,
      quantity: 1,
      discount_minor: 350,
      admin_revenue_minor: 3150,
      ambassador_revenue_minor: 0,
    },
  ],
  completed_at: '2026-11-27T10:00:00.000Z',
  invoice_number: 'INV-000042',
  payment_reference: 'pi_test_123',
}

async function textOf(pdf: Buffer) {
  const parser = new PDFParse({ data: new Uint8Array(pdf) })
  try {
    return (await parser.getText()).text
  } finally {
    await parser.destroy()
  }
}

describe('an invoice PDF', () => {
  it('holds the store, the number, the customer, every line, the discount, the total, the tax and the payment', async () => {
    const text = await textOf(await renderInvoicePdf(invoiceOf(order, 'INV-000042', store)))
    for (const expected of [
      'Ambassador Shop',
      '10115 Berlin',
      'Tax ID: DE123456789',
      'Invoice INV-000042',
      'Date: 2026-11-27',
      'Grace Hopper',
      '22201 Arlington',
      'Brass Desk Lamp',
      'Reading Lamp',
      '49.90 USD',
      '89.82 USD',
      '-9.98 USD',
      '134.80 USD',
      'Discount (coupon LIGHT10)',
      'Total paid',
      '121.32 USD',
      'incl. VAT 19%',
      '19.37 USD',
      'Payment reference: pi_test_123',
    ]) {
      expect(text).toContain(expected)
    }
  })

  it('says how much store credit paid and how much the card, when store credit paid part of it', async () => {
    const text = await textOf(
      await renderInvoicePdf(invoiceOf({ ...order, store_credit_minor: 2_000 }, 'INV-000043', store)),
    )
    expect(text).toMatch(/Paid with store credit\s*20\.00 USD/)
    expect(text).toMatch(/Paid by card\s*101\.32 USD/)
    const cardOnly = await textOf(await renderInvoicePdf(invoiceOf(order, 'INV-000042', store)))
    expect(cardOnly).not.toContain('store credit')
  })

  it('renders the same document to the same bytes', async () => {
    const once = await renderInvoicePdf(invoiceOf(order, 'INV-000042', store))
    const again = await renderInvoicePdf(invoiceOf(order, 'INV-000042', store))
    expect(once.equals(again)).toBe(true)
    expect(once.subarray(0, 5).toString()).toBe('%PDF-')
  })

  it('as a credit note names what was given back and the invoice it corrects', async () => {
    const refund = {
      id: 'r1',
      order_id: order.id,
      link_id: null,
      code: null,
      ambassador_id: null,
      first_name: 'Grace',
      last_name: 'Hopper',
      email: 'grace@example.com',
      currency: 'USD',
      amount_minor: 3150,
      admin_revenue_minor: 3150,
      ambassador_revenue_minor: 0,
      items: [
        {
          order_item_id: 'i2',
          product_id: 'p2',
          product_title: 'Reading Lamp',
          quantity: 1,
          amount_minor: 3150,
          ambassador_revenue_minor: 0,
          admin_revenue_minor: 3150,
        },
      ],
      order_total_minor: 12132,
      order_refunded_minor: 3150,
      order_completed_at: order.completed_at,
      refunded_at: '2026-11-28T09:00:00.000Z',
    }
    const text = await textOf(await renderInvoicePdf(creditNoteOf(refund, 'CN-000007', 'INV-000042', store)))
    for (const expected of [
      'Credit note CN-000007',
      'Corrects invoice INV-000042',
      'Reading Lamp',
      'Total refunded',
      '31.50 USD',
    ]) {
      expect(text).toContain(expected)
    }
    expect(text).not.toContain('store credit')
    const split = await textOf(
      await renderInvoicePdf(creditNoteOf({ ...refund, store_credit_minor: 1_000 }, 'CN-000008', 'INV-000042', store)),
    )
    expect(split).toMatch(/To store credit\s*10\.00 USD/)
    expect(split).toMatch(/To the card\s*21\.50 USD/)
  })
})

describe('tax included in a price', () => {
  it('is the price × rate / (1 + rate), rounded half up', () => {
    expect(taxIn(11900, store)?.amountMinor).toBe(1900)
    expect(taxIn(12132, store)?.amountMinor).toBe(1937) // 1937.08
    expect(taxIn(100, { ...store, tax: { name: 'GST', rateBasisPoints: 1000 } })?.amountMinor).toBe(9) // 9.09
    expect(taxIn(100, { ...store, tax: undefined })).toBeUndefined()
  })
})

describe('money on documents', () => {
  it('has thousands separators, two decimals and the currency code', () => {
    expect(formatMoney(123456789, 'usd')).toBe('1,234,567.89 USD')
    expect(formatMoney(5, 'EUR')).toBe('0.05 EUR')
    expect(formatMoney(-998, 'USD')).toBe('-9.98 USD')
  })
})
