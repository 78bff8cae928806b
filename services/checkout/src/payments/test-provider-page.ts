import { formatMoney } from '@ambassador/kit/money/money'
import { escapeHtml } from '@ambassador/kit/text/text'
import { TEST_CARDS, type TestPaymentSession, testSessionPath } from './test-provider.ts'

/**
 * The pay page's Content-Security-Policy: no scripts, images or frames at all, inline styles only, and the form
 * may post only here and follow the redirect to the shop's success page.
 */
export function paymentPageSecurityPolicy(session: TestPaymentSession): string {
  const formTargets = ["'self'", originOf(session.successUrl)].filter(Boolean).join(' ')
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `form-action ${formTargets}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** The hosted pay page of the test provider: the amount, the lines, a card form and the test cards to use. */
export function renderPaymentPage(session: TestPaymentSession, error?: string): string {
  const amount = formatMoney(session.amountMinor, session.currency)
  const lines = session.lineItems
    .map(
      (line) =>
        `<tr><td>${escapeHtml(line.title)} × ${escapeHtml(String(line.quantity))}</td>` +
        `<td class="num">${escapeHtml(formatMoney(line.unitMinor * line.quantity, session.currency))}</td></tr>`,
    )
    .join('')
  const cards = TEST_CARDS.map(
    (card) => `<li><code>${escapeHtml(card.number)}</code> ${escapeHtml(card.outcome)}</li>`,
  ).join('')
  const body =
    session.status === 'paid'
      ? `<p class="paid">This payment is complete.</p>
<p><a class="button" href="${escapeHtml(session.successUrl)}">Back to the shop</a></p>`
      : `${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(testSessionPath(session.id))}">
<label for="card_number">Card number</label>
<input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" required maxlength="30" placeholder="4242 4242 4242 4242">
<button type="submit">Pay ${escapeHtml(amount)}</button>
</form>
<p><a class="cancel" href="${escapeHtml(session.cancelUrl)}">Cancel and go back</a></p>
<details open><summary>Test cards</summary><ul>${cards}</ul><p>Any other valid card number succeeds.</p></details>`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Pay ${escapeHtml(amount)} — test payment</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="badge">Test mode: no real money moves</p>
<h1>${escapeHtml(amount)}</h1>
<table>${lines}<tr class="total"><td>Total</td><td class="num">${escapeHtml(amount)}</td></tr></table>
${body}
</main>
</body>
</html>`
}

const STYLE = `
body{margin:0;font:16px/1.5 system-ui,sans-serif;background:#f6f7f9;color:#1a1f36}
main{max-width:28rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:12px;box-shadow:0 2px 12px #0001}
@media (max-width:30rem){main{margin:1rem}}
h1{margin:.25rem 0 1rem;font-size:2rem}
table{width:100%;border-collapse:collapse;margin-bottom:1.5rem}
td{padding:.4rem 0;border-bottom:1px solid #e6e8eb}.num{text-align:right}.total td{font-weight:600;border:0}
label{display:block;font-weight:600;margin-bottom:.25rem}
input{box-sizing:border-box;width:100%;padding:.75rem;font:inherit;font-size:1.1rem;border:1px solid #c5cad3;border-radius:8px}
input:focus,button:focus,a:focus,summary:focus{outline:3px solid #635bff;outline-offset:2px}
button,.button{display:block;box-sizing:border-box;width:100%;margin-top:1rem;padding:.85rem;font:inherit;font-size:1.1rem;
font-weight:600;color:#fff;background:#635bff;border:0;border-radius:8px;text-align:center;text-decoration:none;cursor:pointer}
.cancel{display:block;text-align:center;color:#1a1f36}
.badge{display:inline-block;margin:0;padding:.1rem .5rem;font-size:.8rem;background:#fff4d6;border-radius:6px}
.error{padding:.75rem;background:#fde8e8;color:#9b1c1c;border-radius:8px}.paid{font-weight:600;color:#03543f}
details{margin-top:1.5rem;padding:.75rem 1rem;background:#f6f7f9;border-radius:8px}
summary{cursor:pointer;font-weight:600}ul{margin:.5rem 0;padding:0;list-style:none}
details p{margin:0;font-size:.9rem;color:#4f566b}code{font-size:.95rem}li{margin:.2rem 0}
`

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin
  } catch {
    return undefined
  }
}
