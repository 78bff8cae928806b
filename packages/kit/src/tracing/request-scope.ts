import { AsyncLocalStorage } from 'node:async_hooks'
import { type Context, context, propagation, ROOT_CONTEXT, type Span, SpanKind, trace } from '@opentelemetry/api'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { endSpan, tracer, tracingOn } from './tracing.ts'

type Scope = { requestId: string; trace: Context; span: Span | undefined }

const scopes = new AsyncLocalStorage<Scope>()
const scopeOfRequest = new WeakMap<FastifyRequest, Scope>()

/** The id of the HTTP request whose work is running now (for the logs), if any. */
export function currentRequestId(): string | undefined {
  return scopes.getStore()?.requestId
}

/**
 * Runs the rest of a request's hooks and its handler in the request's scope: its id for the log lines written on
 * its behalf, and (tracing on) its server span, a child of the caller's `traceparent` header, as the active span.
 * Called from the first onRequest hook, and again from preValidation: reading a body goes through stream events,
 * which leave the async context behind.
 */
export function enterRequestScope(request: FastifyRequest, done: () => void) {
  let scope = scopeOfRequest.get(request)
  if (!scope) {
    const span = tracingOn() ? startServerSpan(request) : undefined
    const parent = span ? trace.setSpan(context.active(), span) : ROOT_CONTEXT
    scope = { requestId: request.id, trace: parent, span }
    scopeOfRequest.set(request, scope)
  }
  const entered = scope
  scopes.run(entered, () => (entered.span ? context.with(entered.trace, done) : done()))
}

function startServerSpan(request: FastifyRequest) {
  const parent = propagation.extract(ROOT_CONTEXT, request.headers)
  return tracer.startSpan(
    request.method,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': request.method,
        'url.path': request.url.split('?')[0] ?? '',
        'ambassador.request_id': request.id,
      },
    },
    parent,
  )
}

/** Ends the request's server span, named by its route pattern (never the raw URL), with the status sent. */
export function endRequestScope(request: FastifyRequest, reply: FastifyReply | undefined) {
  const span = scopeOfRequest.get(request)?.span
  if (!span) return
  const route = request.routeOptions.url
  if (route) span.updateName(`${request.method} ${route}`).setAttribute('http.route', route)
  if (!reply) return endSpan(span, new Error('the client went away'))
  span.setAttribute('http.response.status_code', reply.statusCode)
  endSpan(span, reply.statusCode >= 500 ? new Error(`answered ${reply.statusCode}`) : undefined)
}
