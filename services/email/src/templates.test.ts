import { describe, expect, it } from 'vitest'
import { adminOrderEmail, ambassadorSaleEmail, orderReceiptEmail, shortOrderId, welcomeEmail } from './templates.ts'
import { completedOrder } from './test-events.ts'

const url = 'https://shop.example.com'
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

describe.each([
  ['welcome', welcomeEmail({ firstName: hostile, publicUrl: url })],
  ['order receipt', orderReceiptEmail(order, url)],
  ['ambassador sale', ambassadorSaleEmail(order, person, url)],
  ['admin notice', adminOrderEmail(order, person, url)],
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
    ['welcome', welcomeEmail({ firstName: 'Ada', publicUrl: url }).subject, 'Welcome to Ambassador, Ada'],
    ['receipt', orderReceiptEmail(order, url).subject, 'Your order #0ABCDEF1 is confirmed'],
    ['sale', ambassadorSaleEmail(order, person, url).subject, 'You earned $6.00 from link abc123'],
    ['admin notice', adminOrderEmail(order, person, url).subject, 'New order: $59.97 via abc123'],
  ])('reads well for the %s', (_name, subject, expected) => {
    expect(subject).toBe(expected)
  })

  it('joins a name with line breaks into one header line', () => {
    expect(welcomeEmail({ firstName: 'Ada\r\nBcc: everyone@example.com', publicUrl: url }).subject).toBe(
      'Welcome to Ambassador, Ada Bcc: everyone@example.com',
    )
  })

  it('numbers orders by the random tail of their id, not the shared timestamp head', () => {
    expect(shortOrderId('01900000-0000-7000-8000-00000abcdef1')).toBe('0ABCDEF1')
  })
})

describe('the receipt', () => {
  it('lists each line with its quantity, price and line total, and the total paid', () => {
    const { text } = orderReceiptEmail(completedOrder('00000000-0000-7000-8000-000000000000'), url)
    expect(text).toContain('2 × Widget at $19.99 = $39.98')
    expect(text).toContain('1 × Gadget at $19.99 = $19.99')
    expect(text).toContain('Total paid: $59.97')
  })

  it('formats the order currency', () => {
    const { text } = orderReceiptEmail(completedOrder('00000000-0000-7000-8000-000000000000', { currency: 'EUR' }), url)
    expect(text).toContain('Total paid: €59.97')
  })
})
