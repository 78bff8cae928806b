import type { EventEnvelope } from '@ambassador/contracts/events'
import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api'

/**
 * Spans of our own making, around what we know best: a request from its route, a query from the pool, an event from
 * the outbox to each consumer (its W3C `traceparent` travels on the envelope). They cost nothing until
 * `startTracing` (tracing/start.ts) turns them on, which it does only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
let on = false

export function tracingOn(): boolean {
  return on
}

export function turnTracingOn() {
  on = true
}

export const tracer = trace.getTracer('@ambassador/kit')

/** The W3C traceparent of the span running now, to carry with what it writes (an outbox row). */
export function activeTraceparent(): string | undefined {
  if (!on || !trace.getSpan(context.active())) return undefined
  const carrier: { traceparent?: string } = {}
  propagation.inject(context.active(), carrier)
  return carrier.traceparent
}

/** The context a traceparent names (a new trace when it names none or cannot be read). */
export function contextOf(traceparent: string | undefined): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT
}

/** The traceparent of a span. */
export function traceparentOf(span: Span): string | undefined {
  const carrier: { traceparent?: string } = {}
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier)
  return carrier.traceparent
}

/** Ends a span as failed (with the error) or as done. */
export function endSpan(span: Span, error?: unknown) {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error))
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) })
  }
  span.end()
}

/** A producer span per event the relay publishes, children of the trace each was written in. */
export function startPublishSpans(events: readonly EventEnvelope[], service: string) {
  if (!on) return undefined
  return events.map((event) => {
    const span = tracer.startSpan(
      `publish ${event.type}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.operation.type': 'send',
          'ambassador.service': service,
          'messaging.destination.name': event.type,
          'messaging.message.id': event.id,
        },
      },
      contextOf(event.traceparent),
    )
    // The consumers' spans are children of this one.
    event.traceparent = traceparentOf(span)
    return span
  })
}

/** Runs a consumer's handler of an event in a consumer span, a child of the event's publish span. */
export function inConsumeSpan<T>(event: EventEnvelope, consumer: string, work: () => Promise<T>): Promise<T> {
  if (!on) return work()
  const attributes = {
    'messaging.operation.type': 'process',
    'messaging.destination.name': event.type,
    'messaging.consumer.group.name': consumer,
    'messaging.message.id': event.id,
  }
  return tracer.startActiveSpan(
    `process ${event.type}`,
    { kind: SpanKind.CONSUMER, attributes },
    contextOf(event.traceparent),
    async (span) => {
      try {
        const result = await work()
        endSpan(span)
        return result
      } catch (error) {
        endSpan(span, error)
        throw error
      }
    },
  )
}
