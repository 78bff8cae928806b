import { timingSafeEqual } from 'node:crypto'
import { unauthorized } from '../errors/errors.ts'
import { sendError } from '../http/errors.ts'
import type { HttpApp } from '../http/server.ts'
import { metricsRegistry, metricsText } from './metrics.ts'

/**
 * `GET /metrics`: the Prometheus text exposition of this process. Public like /health/live (the gateway does not
 * route it: Prometheus scrapes each service's own port), or behind `METRICS_TOKEN` as a Bearer token when set.
 */
export function metricsRoutes(app: HttpApp, token: string | undefined) {
  app.get('/metrics', { config: { auth: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (token !== undefined && !sameText(request.headers.authorization ?? '', `Bearer ${token}`)) {
      return sendError(unauthorized(), request, reply)
    }
    const text = await metricsText()
    return reply.header('content-type', metricsRegistry.contentType).header('cache-control', 'no-store').send(text)
  })
}

function sameText(given: string, expected: string) {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
