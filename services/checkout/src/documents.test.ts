import type { OrderDetail } from '@ambassador/contracts/http'
import { userData } from '@ambassador/kit/testing/events'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { PDFParse } from 'pdf-parse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkoutService } from './index.ts'
import {
  completedEvents,
  orderBody,
  orderOfSession,
  payWithCard,
  type SeededStore,
  seedStore,
} from './testing/store.ts'

let platform: TestPlatform
let admin: TestClient
let store: SeededStore

beforeAll(async () => {
  platform = await startTestPlatform([checkoutService], {
    CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000',
    STORE_NAME: 'Lamp & Co',
    STORE_ADDRESS: '1 Market Street | 10115 Berlin | Germany',
    STORE_TAX_ID: 'DE123456789',
    STORE_TAX_RATE: '19',
  })
  admin = await platform.signIn(userData({ role: 'admin' }))
  store = await seedStore(platform, [
    { title: 'Brass Lamp', price_minor: 4990 },
    { title: 'Lamp Shade', price_minor: 1500 },
  ])
})
afterAll(() => platform?.close())

const pdfText = async (pdf: Buffer) => {
  const parser = new PDFParse({ data: new Uint8Array(pdf) })
  try {
    return (await parser.getText()).text
  } finally {
    await parser.destroy()
  }
}

/** Downloads a document as an admin: its PDF bytes. */
async function download(number: string) {
  const response = await platform.app.inject({
    method: 'GET',
    url: `/api/admin/documents/${number}`,
    headers: { cookie: admin.cookie ?? '' },
  })
  return response
}

async function placeOrder(lines: [number, number][]) {
  const placed = await testClient(platform.app).post<{ id: string; url: string }>(
    '/api/checkout/orders',
    orderBody(
      store.link.code,
      lines.map(([i, quantity]) => ({ product_id: store.products[i]?.id ?? '', quantity })),
    ),
  )
  expect(placed.status).toBe(201)
  return placed.body
}

describe('invoices', () => {
  it('numbers a paid order’s invoice, announces the number, and serves the PDF with the lines and the total', async () => {
    const session = await placeOrder([
      [0, 2],
      [1, 1],
    ])
    expect((await payWithCard(platform, session.url, '4242424242424242')).status).toBe(303)
    const order = await orderOfSession(platform, session.id)
    const detail = (await admin.get<OrderDetail>(`/api/admin/orders/${order.id}`)).body
    expect(detail.invoice_number).toMatch(/^INV-\d{6}$/)
    const [completed] = await completedEvents(platform, order.id)
    expect(completed?.invoice_number).toBe(detail.invoice_number)

    const response = await download(detail.invoice_number ?? '')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    expect(response.headers['content-disposition']).toBe(`attachment; filename="invoice-${detail.invoice_number}.pdf"`)
    const text = await pdfText(response.rawPayload)
    for (const expected of [
      'Lamp & Co',
      '10115 Berlin',
      `Invoice ${detail.invoice_number}`,
      'Charles Babbage',
      'Brass Lamp',
      'Lamp Shade',
      '99.80 USD',
      'Total paid',
      '114.80 USD',
      'incl. VAT 19%',
      '18.33 USD',
    ]) {
      expect(text).toContain(expected)
    }
  })

  it('gives 100 orders paid at once 100 distinct consecutive numbers', async () => {
    const sessions = await Promise.all(Array.from({ length: 100 }, () => placeOrder([[1, 1]])))
    const paid = await Promise.all(sessions.map((session) => payWithCard(platform, session.url, '4242424242424242')))
    expect(paid.every((reply) => reply.status === 303)).toBe(true)
    const confirmed = await Promise.all(
      sessions.map((session) => testClient(platform.app).post('/api/checkout/orders/confirm', { source: session.id })),
    )
    expect(confirmed.every((reply) => reply.status === 200)).toBe(true)
    const numbers: number[] = []
    for (const session of sessions) {
      const order = await orderOfSession(platform, session.id)
      const [completed] = await completedEvents(platform, order.id)
      numbers.push(Number(completed?.invoice_number?.slice(4)))
    }
    numbers.sort((a, b) => a - b)
    expect(new Set(numbers).size).toBe(100)
    expect(numbers.at(-1)).toBe((numbers[0] ?? 0) + 99)
  }, 60_000)

  it('numbers a refund’s credit note against the invoice, and serves it', async () => {
    const session = await placeOrder([[0, 1]])
    await payWithCard(platform, session.url, '4242424242424242')
    const order = await orderOfSession(platform, session.id)
    const refunded = await admin.post<OrderDetail>(`/api/admin/orders/${order.id}/refunds`, { amount: 10 })
    expect(refunded.status).toBe(201)
    const creditNote = refunded.body.documents.find((document) => document.kind === 'credit_note')
    expect(creditNote).toMatchObject({
      number: expect.stringMatching(/^CN-\d{6}$/),
      refund_id: refunded.body.refunds[0]?.id,
    })
    const text = await pdfText((await download(creditNote?.number ?? '')).rawPayload)
    expect(text).toContain(`Credit note ${creditNote?.number}`)
    expect(text).toContain(`Corrects invoice ${refunded.body.invoice_number}`)
    expect(text).toContain('10.00 USD')
  })

  it('answers 404 for a number nobody was given, and 401 to a stranger', async () => {
    expect((await download('INV-999999')).statusCode).toBe(404)
    const stranger = await platform.app.inject({ method: 'GET', url: '/api/admin/documents/INV-000001' })
    expect(stranger.statusCode).toBe(401)
  })
})
