import { orderNumberOf } from '@ambassador/contracts/order-number'
import { describe, expect, it } from 'vitest'
import { adminOrderEmail, ambassadorSaleEmail, orderReceiptEmail, welcomeEmail } from './templates.ts'
import { completedOrder } from './test-events.ts'

const url = 'https://shop.example.com'
const store = { name: 'Ambassador', url }
const hostile = `<script>alert('x')</script> & "friends"`
const escaped = '&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;friends&quot;'
const order = completedOrder('00000000-0000-7000-8000-000000000000', {
  id: '01900000-0000-7000-8000-00000abcdef1',
  first_name: hostile,
  last_name: hostile,
  address: hostile,
  code: 'abc123',
})
order.items[0] = { ...(order.items[0] as (typeof order.items)[number]), product_title: hostile }
const person = { firstName: hostile, lastName: hostile }
const ada = { firstName: 'Ada', lastName: 'Lovelace' }

describe.each([
  ['welcome', welcomeEmail({ firstName: hostile }, store)],
  ['order receipt', orderReceiptEmail(order, person, store)],
  ['ambassador sale', ambassadorSaleEmail(order, person, store)],
  ['admin notice', adminOrderEmail(order, person, store)],
])('the %s email', (_name, email) => {
  it('escapes every interpolated value in its HTML', () => {
    expect(email.html).toContain(escaped)
    expect(email.html).not.toContain('<script')
    expect(email.html).not.toContain(`"friends"`)
  })

  it('keeps its subject on one line and links into the app', () => {
    expect(email.subject).not.toMatch(/[\r\n]/)
    expect(email.html).toContain(`href="${url}`)
    expect(email.text).toContain(url)
  })
})

describe('subjects', () => {
  it.each([
    ['welcome', welcomeEmail({ firstName: 'Ada' }, store).subject, 'Welcome to Ambassador, Ada'],
    ['receipt', orderReceiptEmail(order, person, store).subject, 'Your Ambassador order #0ABCDEF1 is confirmed'],
    ['sale', ambassadorSaleEmail(order, person, store).subject, 'You earned $6.00 from link abc123'],
    ['admin notice', adminOrderEmail(order, person, store).subject, 'New order: $59.97 via abc123'],
  ])('reads well for the %s', (_name, subject, expected) => {
    expect(subject).toBe(expected)
  })

  it('joins a name with line breaks into one header line', () => {
    expect(welcomeEmail({ firstName: 'Ada\r\nBcc: everyone@example.com' }, store).subject).toBe(
      'Welcome to Ambassador, Ada Bcc: everyone@example.com',
    )
  })

  it('numbers orders by the random tail of their id, not the shared timestamp head', () => {
    expect(orderNumberOf('01900000-0000-7000-8000-00000abcdef1')).toBe('0ABCDEF1')
  })
})

describe('the receipt', () => {
  it('lists each line with its quantity, price and line total, and the total paid', () => {
    const { text } = orderReceiptEmail(completedOrder('00000000-0000-7000-8000-000000000000'), ada, store)
    expect(text).toContain('2 × Widget at $19.99 = $39.98')
    expect(text).toContain('1 × Gadget at $19.99 = $19.99')
    expect(text).toContain('Total paid: $59.97')
  })

  it('says how much store credit paid and how much the card, and nothing of it for a card-only order', () => {
    const order = { ...completedOrder('00000000-0000-7000-8000-000000000000'), store_credit_minor: 2_000 }
    const { text, html } = orderReceiptEmail(order, ada, store)
    expect(text).toContain('Total paid: $59.97\nPaid with store credit: $20.00\nPaid by card: $39.97')
    expect(html).toContain('Paid with store credit: $20.00 · Paid by card: $39.97')
    const cardOnly = orderReceiptEmail(completedOrder('00000000-0000-7000-8000-000000000000'), ada, store)
    expect(cardOnly.text).not.toContain('store credit')
  })

  it('formats the order currency', () => {
    const { text } = orderReceiptEmail(
      completedOrder('00000000-0000-7000-8000-000000000000', { currency: 'EUR' }),
      ada,
      store,
    )
    expect(text).toContain('Total paid: €59.97')
  })
})

describe('the layout', () => {
  const acme = { name: 'Acme & Sons', url }
  const plain = completedOrder('00000000-0000-7000-8000-000000000000', { id: '01900000-0000-7000-8000-00000abcdef1' })

  it.each([
    ['welcome', welcomeEmail({ firstName: 'Ada' }, acme)],
    ['order receipt', orderReceiptEmail(plain, ada, acme)],
    ['ambassador sale', ambassadorSaleEmail(plain, ada, acme)],
    ['admin notice', adminOrderEmail(plain, ada, acme)],
  ])('frames the %s email with the store name, in HTML and in plain text', (_name, email) => {
    expect(email.text.split('\n')[0]).toBe('Acme & Sons')
    expect(email.text).toContain(`\n-- \nAcme & Sons · ${url}\nYou receive this email because`)
    expect(email.html).toMatch(/^<!doctype html>/)
    expect(email.html).toContain(
      `<a href="${url}" style="color:#111827;text-decoration:none;font-size:20px;font-weight:700">Acme &amp; Sons</a>`,
    )
    expect(email.html).toContain('max-width:600px')
    expect(email.html).toContain('You receive this email because')
  })

  it('names the store in the subjects of the welcome and the receipt', () => {
    expect(welcomeEmail({ firstName: 'Ada' }, acme).subject).toBe('Welcome to Acme & Sons, Ada')
    expect(orderReceiptEmail(plain, ada, acme).subject).toBe('Your Acme & Sons order #0ABCDEF1 is confirmed')
  })

  it('names the ambassador who recommended the order on the receipt', () => {
    const receipt = orderReceiptEmail(plain, ada, acme)
    expect(receipt.text).toContain('Recommended by Ada Lovelace.')
    expect(receipt.html).toContain('Recommended by Ada Lovelace.')
  })

  it('lists the lines of the receipt in HTML: product, quantity × unit price, line total, and the total', () => {
    const { html } = orderReceiptEmail(plain, ada, acme)
    expect(html).toMatch(/Widget<br><span[^>]*>2 × \$19\.99<\/span><\/td><td[^>]*>\$39\.98</)
    expect(html).toMatch(/Gadget<br><span[^>]*>1 × \$19\.99<\/span><\/td><td[^>]*>\$19\.99</)
    expect(html).toMatch(/Total paid<\/td><td[^>]*>\$59\.97</)
  })

  it('tells the ambassador what each line earned them, and nothing about the customer', () => {
    const sale = ambassadorSaleEmail(plain, ada, acme)
    expect(sale.text).toContain('You earned $6.00.')
    expect(sale.text).toContain('2 × Widget = $39.98, you earned $4.00')
    expect(sale.text).toContain('1 × Gadget = $19.99, you earned $2.00')
    expect(sale.html).toMatch(/Total earned<\/td><td[^>]*>\$6\.00</)
    for (const body of [sale.text, sale.html]) {
      expect(body).not.toContain('Charles')
      expect(body).not.toContain(plain.address)
      expect(body).not.toContain(plain.email)
    }
  })
})
