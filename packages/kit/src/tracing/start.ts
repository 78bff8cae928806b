import { context, SpanKind, trace } from '@opentelemetry/api'
import pg from 'pg'
import type { Config } from '../config/config.ts'
import { endSpan, tracer, turnTracingOn } from './tracing.ts'

/**
 * Starts exporting traces by OTLP/HTTP (JSON) when OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) is set, and
 * does nothing otherwise: the SDK is not even loaded. Returns what flushes and stops it at shutdown.
 *
 * Our spans are made by our own code (tracing.ts, request-scope.ts, and the query wrapper below), not by the SDK's
 * auto-instrumentations: those patch modules as they are first required, which depends on the SDK loading before
 * them (`--import`) and sees nothing of what a bundle inlines; these work the same under tsx, Vitest and the bundle.
 */
export async function startTracing(
  config: Pick<Config, 'tracing'>,
  serviceName: string,
): Promise<(() => Promise<void>) | undefined> {
  if (!config.tracing) return undefined
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
    ])
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.tracing.serviceName ?? serviceName }),
    // Headers and timeout come from the OTEL_EXPORTER_OTLP_* variables, as the exporter reads them.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.tracing.endpoint }))],
  })
  // The async-local-storage context manager and the W3C trace-context propagator.
  provider.register()
  tracePostgresQueries()
  turnTracingOn()
  return () => provider.shutdown()
}

const MAX_STATEMENT_LENGTH = 2_000

/**
 * A client span around every query made inside a traced request or event (a query with no span around it, like the
 * relay's polling, starts no trace of its own). The statement is recorded, never its parameters.
 */
function tracePostgresQueries() {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }
  const query = prototype.query
  prototype.query = function tracedQuery(this: pg.Client, ...args: unknown[]) {
    const given = args[0] as string | { text?: unknown } | undefined
    const text = typeof given === 'string' ? given : given?.text
    if (!trace.getSpan(context.active()) || typeof text !== 'string') return query.apply(this, args)
    const span = tracer.startSpan(text.trimStart().split(/\s/, 1)[0]?.toUpperCase() || 'query', {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system.name': 'postgresql',
        'db.namespace': this.database ?? '',
        'db.query.text': text.slice(0, MAX_STATEMENT_LENGTH),
      },
    })
    const callback = args.findIndex((arg) => typeof arg === 'function')
    if (callback >= 0) {
      const done = args[callback] as (error: unknown, result: unknown) => unknown
      args[callback] = (error: unknown, result: unknown) => {
        endSpan(span, error ?? undefined)
        return done(error, result)
      }
      return query.apply(this, args)
    }
    const result = query.apply(this, args)
    if (result instanceof Promise) {
      result.then(
        () => endSpan(span),
        (error: unknown) => endSpan(span, error),
      )
    } else span.end() // a stream (COPY): its own object, not followed here
    return result
  }
}
