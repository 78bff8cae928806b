import { retryAfterMs } from './backoff.ts'
import { type AttemptOutcome, RESPONSE_EXCERPT_LIMIT } from './channel.ts'

/**
 * One POST of a JSON body, as the channels over HTTP (webhooks, chat) make it: redirects not followed, answered within
 * `timeoutMs`; 2xx is delivered; a 429/503's Retry-After says how long the target wants us to wait.
 */
export async function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  now: Date,
  timeoutMs: number,
): Promise<AttemptOutcome> {
  const started = performance.now()
  const took = () => Math.round(performance.now() - started)
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
    const excerpt = await readExcerpt(response)
    const delivered = response.status >= 200 && response.status < 300
    return {
      delivered,
      requestHeaders: headers,
      statusCode: response.status,
      responseExcerpt: excerpt,
      error: delivered
        ? null
        : response.status >= 300 && response.status < 400
          ? `Redirect (${response.status}) not followed`
          : `HTTP ${response.status}`,
      retryAfterMs:
        response.status === 429 || response.status === 503
          ? retryAfterMs(response.headers.get('retry-after'), now)
          : undefined,
      durationMs: took(),
    }
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
    return {
      delivered: false,
      requestHeaders: headers,
      statusCode: null,
      responseExcerpt: null,
      error: timedOut
        ? `No answer within ${timeoutMs / 1_000} s`
        : `${error instanceof Error ? error.message : String(error)}${cause}`.slice(0, 500),
      durationMs: took(),
    }
  }
}

/** The start of an answer's body, read no further than the log keeps (a huge answer is not downloaded). */
async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  try {
    while (text.length < RESPONSE_EXCERPT_LIMIT) {
      const { done, value } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
    }
  } finally {
    await reader.cancel().catch(() => undefined)
  }
  return text.slice(0, RESPONSE_EXCERPT_LIMIT)
}
