import type { WebhookEndpointDisabledData } from '@ambassador/contracts/events'
import { button, html, layoutEmail, type RenderedEmail, type Store, styles } from './templates.ts'

const { colors } = styles

/** Tells an admin a webhook endpoint was turned off after a day of failed deliveries, what it last answered, and where to turn it back on. */
export function webhookEndpointDisabledEmail(endpoint: WebhookEndpointDisabledData, store: Store): RenderedEmail {
  const since = new Date(endpoint.failing_since).toUTCString()
  const lastAnswer =
    endpoint.last_status_code !== null
      ? `HTTP ${endpoint.last_status_code}${endpoint.last_error ? `: ${endpoint.last_error}` : ''}`
      : (endpoint.last_error ?? 'no answer')
  const page = `${store.url}/admin/webhooks`
  return layoutEmail(store, {
    subject: `A ${store.name} webhook endpoint was turned off`,
    heading: 'A webhook endpoint was turned off',
    preview: `Deliveries to ${endpoint.url} have failed since ${since}.`,
    text: [
      `Every delivery to ${endpoint.url} has failed since ${since}, so we turned the endpoint off.`,
      `Its last answer: ${lastAnswer}`,
      '',
      'Events are not sent to it while it is off. Fix the receiver, then turn the endpoint on again and resend what it missed from its delivery log.',
      '',
      `Webhooks: ${page}`,
    ],
    html: html`<p style="margin:0 0 16px">Every delivery to <strong>${endpoint.url}</strong> has failed since ${since}, so we turned the endpoint off.</p>
<p style="margin:0 0 16px;color:${colors.muted}">Its last answer: ${lastAnswer}</p>
<p style="margin:0 0 16px">Events are not sent to it while it is off. Fix the receiver, then turn the endpoint on again and resend what it missed from its delivery log.</p>
${button(page, 'Open the webhooks')}`,
    reason: `You receive this email because you are an admin of ${store.name}.`,
  })
}
