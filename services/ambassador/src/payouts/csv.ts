import { formatMinor } from '@ambassador/kit/money/money'
import type { NamedPayout } from './views.ts'

/**
 * The batch as the file a bulk payment tool takes. PayPal Payouts (web upload): no header; recipient email, amount,
 * currency, a customer id (≤ 30 characters, no spaces), a note, and the wallet PAYPAL. Wise (the "send by email"
 * batch template): a header row, then the account holder, email, a payment reference, PRIVATE, and the amount fixed in
 * the target currency. Only payouts still approved are in it.
 */
export function payoutCsv(method: 'paypal' | 'wise', lines: NamedPayout[], storeName: string): string {
  const going = lines.filter((line) => line.payout.status === 'approved')
  if (method === 'paypal') {
    return going
      .map(({ payout }) =>
        row([
          payout.destination.email ?? '',
          formatMinor(payout.amountMinor),
          payout.currency,
          payout.id.replaceAll('-', '').slice(0, 30),
          `Commission from ${storeName}`,
          'PAYPAL',
        ]),
      )
      .join('')
  }
  const header = row([
    'name',
    'recipientEmail',
    'paymentReference',
    'receiverType',
    'amountCurrency',
    'amount',
    'sourceCurrency',
    'targetCurrency',
  ])
  return (
    header +
    going
      .map(({ payout, name }) =>
        row([
          payout.destination.account_holder ?? name,
          payout.destination.email ?? '',
          `Commission ${payout.id.slice(0, 8)}`,
          'PRIVATE',
          payout.currency,
          formatMinor(payout.amountMinor),
          payout.currency,
          payout.currency,
        ]),
      )
      .join('')
  )
}

/** One CSV line (RFC 4180, CRLF). */
function row(fields: string[]): string {
  return `${fields.map(field).join(',')}\r\n`
}

/**
 * A field quoted when it holds a comma, quote or line break; text a spreadsheet would run as a formula (=, +, -, @,
 * tab, CR first) is prefixed with an apostrophe — names and emails come from users.
 */
function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}
