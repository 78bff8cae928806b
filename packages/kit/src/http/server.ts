import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import compress from '@fastify/compress'
import cookie from '@fastify/cookie'
import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import { registerAjvFormats, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifySchemaCompiler,
  LogController,
} from 'fastify'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { Value } from 'typebox/value'
import type { SessionVersions } from '../auth/sessions.ts'
import type { Principal, Scope, TokenVerifier } from '../auth/tokens.ts'
import type { Config } from '../config/config.ts'
import { forbidden, notFound, unauthorized } from '../errors/errors.ts'
import { type Logger, markRequestLogger } from '../log/log.ts'
import { httpRequestDuration } from '../metrics/metrics.ts'
import { endRequestScope, enterRequestScope } from '../tracing/request-scope.ts'
import { tracingOn } from '../tracing/tracing.ts'
import { AUTH_COOKIE } from './cookies.ts'
import { sendError } from './errors.ts'
import { COMPRESS_THRESHOLD_BYTES } from './prepared-body.ts'
import { describeValidationFailure } from './validation-messages.ts'

/** Who may call a route: anyone, or a logged-in user of that scope. Every route must say. */
export type RouteAuth = 'public' | Scope

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth
  }
  interface FastifyRequest {
    principal: Principal | undefined
  }
  interface FastifyInstance {
    /** Every route with its declared auth, for the route-security suite and the docs. */
    declaredRoutes: DeclaredRoute[]
  }
}

export type DeclaredRoute = { method: string; url: string; auth: RouteAuth }

export type HttpApp = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>

/**
 * The one HTTP server every service mounts its routes on: schema validation (bodies are never coerced and lose
 * unknown fields), one error handler, CORS, cookies, auth from the `jwt` cookie or a Bearer header, rate
 * limits, and the OpenAPI document built from the route schemas.
 */
export async function createHttpApp(options: {
  config: Config
  log: Logger
  verifier: TokenVerifier
  /** Ends tokens issued before a user's current session version (sign-out, password change). */
  sessions?: SessionVersions
}) {
  const { config, log, verifier, sessions } = options
  const requestTimeout = config.requestTimeoutSeconds * 1000
  // Started (or not) before any app, by main.ts: an app made before tracing started does without it.
  const tracing = tracingOn()
  const app = Fastify<Server, IncomingMessage, ServerResponse>({
    // A client must send its whole request within the timeout, its headers within 10 s of it: a connection fed a
    // byte at a time is closed with 408 instead of being held for minutes. Checked every second (Node's default
    // is every 30 s).
    serverFactory: (handler) =>
      createServer(
        {
          requestTimeout,
          headersTimeout: Math.min(requestTimeout, 10_000),
          keepAliveTimeout: 72_000, // longer than the gateway's idle upstream connections (60 s)
          connectionsCheckingInterval: 1_000,
        },
        handler,
      ),
    loggerInstance: log as FastifyBaseLogger,
    // Tracing on, request loggers are told apart (their lines have the request id already; see log.ts's mixin).
    ...(tracing
      ? { childLoggerFactory: (logger, bindings, options) => markRequestLogger(logger.child(bindings, options)) }
      : {}),
    // A hop count becomes "trust the nearest n hops" (Fastify's types take it only as a function).
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (
            (hops) => (_address: string, hop: number) =>
              hop < hops
          )(config.trustProxy)
        : config.trustProxy,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    // A caller's X-Request-Id is kept when it is a plain token (a trace id through the gateway), else one is made.
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id']
      return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID()
    },
  }).withTypeProvider<TypeBoxTypeProvider>()

  registerAjvFormats()
  app.setValidatorCompiler(validatorCompiler)
  app.setSchemaErrorFormatter((errors, part) => new Error(describeValidationFailure(errors[0] ?? {}, part)))
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply))
  app.setNotFoundHandler((request, reply) =>
    sendError(notFound(`No ${request.method} ${request.url.split('?')[0]} here`), request, reply),
  )
  // Tracing on, first of all: the request's id and its span for everything done on its behalf (log lines of
  // ctx.log, database spans). Off, none of it: the scope (AsyncLocalStorage, which on Node 20 slows every promise)
  // and the abort hook cost a quarter of a cached answer's throughput (bench/README.md).
  if (tracing) {
    app.addHook('onRequest', (request, _reply, done) => enterRequestScope(request, done))
    app.addHook('preValidation', (request, _reply, done) => enterRequestScope(request, done))
    app.addHook('onRequestAbort', async (request) => endRequestScope(request, undefined))
  }
  // One line per request, whoever asks (a header must not be a way to stay out of the log).
  app.addHook('onResponse', async (request, reply) => {
    const line = () =>
      request.log.info(
        { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
        'request',
      )
    if (tracing) {
      // In the request's scope again (the response's end is an event of its own): the line carries the trace id.
      enterRequestScope(request, line)
      endRequestScope(request, reply)
    } else line()
    // By the route's pattern: a raw URL (ids, codes, query strings) would make a series per request.
    httpRequestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode },
      reply.elapsedTime / 1000,
    )
  })

  // Answers of 1 KB or more go out brotli- or gzip-compressed when the client accepts it (cached answers and the
  // web app's assets come already compressed). Request bodies are never inflated: a small compressed upload
  // could otherwise expand past the body limit's intent.
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: COMPRESS_THRESHOLD_BYTES,
    globalDecompression: false,
  })
  // The security headers helmet would set (its defaults, CSP left to the page routes, images usable cross-origin),
  // as one precomputed table: helmet's middleware chain cost a third of a cached read's time.
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(SECURITY_HEADERS).header('x-request-id', request.id)
  })
  await app.register(cors, {
    origin: config.corsOrigins,
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  })
  await app.register(cookie)
  // Limits count in Redis when it is configured, so replicas of a service share one count per client; a Redis
  // that does not answer lets requests through rather than failing them (limits are a safety net).
  const limitStore = config.redisUrl
    ? (await import('../cache/redis-connection.ts')).connectRedis(
        config.redisUrl,
        log,
        'letting requests through unlimited',
      )
    : undefined
  await limitStore?.ready()
  await app.register(rateLimit, {
    global: false,
    ...(limitStore
      ? { redis: limitStore.redis, nameSpace: `${config.redisKeyPrefix}rate-limit:`, skipOnError: true }
      : {}),
  })
  if (limitStore) app.addHook('onClose', async () => limitStore.redis.disconnect())
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Ambassador API',
        version: '1.0.0',
        description: 'Ambassador commerce: catalog, links, checkout.',
      },
      components: {
        securitySchemes: {
          cookie: { type: 'apiKey', in: 'cookie', name: AUTH_COOKIE },
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        },
      },
    },
  })

  // Installed after the infrastructure plugins (whose own routes, like CORS preflight, are public by nature):
  // every route of ours must say who may call it, or the server refuses to start.
  const declaredRoutes: DeclaredRoute[] = []
  app.decorate('declaredRoutes', declaredRoutes)
  app.addHook('onRoute', (route) => {
    const auth = route.config?.auth
    if (auth !== 'public' && auth !== 'admin' && auth !== 'ambassador' && auth !== 'shopper') {
      throw new Error(
        `Route ${route.method} ${route.url} does not declare its auth (public, admin, ambassador or shopper)`,
      )
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') declaredRoutes.push({ method, url: route.url, auth })
    }
  })
  app.decorateRequest('principal', undefined)
  // Authentication runs first, before the body is parsed or validated: an anonymous caller learns nothing else.
  app.addHook('onRequest', async (request, reply) => {
    // A stale cookie must not hide a valid Bearer header (or the other way round): the first that verifies wins.
    const cookie = request.cookies[AUTH_COOKIE]
    const bearer = bearerToken(request.headers.authorization)
    request.principal =
      (bearer ? await verifier.verify(bearer) : undefined) ?? (cookie ? await verifier.verify(cookie) : undefined)
    if (request.principal && sessions) {
      const current = await sessions.current(request.principal.userId)
      if (current !== undefined && request.principal.sessionVersion < current) request.principal = undefined
    }
    const auth = request.routeOptions.config.auth
    if (auth === 'public' || auth === undefined) return
    // What a signed-in user is shown is theirs: no browser or proxy may keep it.
    reply.header('cache-control', 'no-store')
    if (!request.principal) return sendError(unauthorized(), request, reply)
    if (request.principal.scope !== auth) return sendError(forbidden(`This needs an ${auth} account`), request, reply)
  })

  return app
}

/** Helmet's default response headers (v8), minus Content-Security-Policy, with a cross-origin resource policy. */
export const SECURITY_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'cross-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
} as const

function bearerToken(header: string | undefined) {
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null
  return match?.[1]
}

/** The logged-in caller of a route that declared a scope (the guard has already checked). */
export function principalOf(request: { principal: Principal | undefined }): Principal {
  if (!request.principal) throw unauthorized()
  return request.principal
}

/** The request's `Idempotency-Key` header (the first, if sent twice), for a write that must happen once per key. */
export function idempotencyKeyOf(request: {
  headers: Record<string, string | string[] | undefined>
}): string | undefined {
  const key = request.headers['idempotency-key']
  return Array.isArray(key) ? key[0] : key
}

const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema)
  const integers = httpPart === 'body' ? undefined : integerFieldsOnly(schema)
  return (input: unknown) => {
    // PostgreSQL cannot store NUL in text; no legitimate field contains one.
    const problem = unstorableField(input)
    if (problem) return { error: [validationError(problem.path, problem.message)] }
    // Params and query strings that are already what the schema asks for (text fields) need no converting copy.
    if (httpPart !== 'body' && check.Check(input)) return { value: input }
    if (integers && typeof input === 'object' && input !== null) {
      // The common case (text and whole numbers only), converted without TypeBox's general converter.
      const value: Record<string, unknown> = { ...input }
      for (const key of integers) {
        const raw = value[key]
        if (typeof raw !== 'string') continue
        const text = raw.trim()
        const number = Number(text)
        if (Number.isSafeInteger(number) && String(number) === text) value[key] = number
        else if (Number.isFinite(number)) return { error: [validationError(`/${key}`, 'must be a whole number')] }
      }
      if (check.Check(value)) return { value }
      return { error: firstError(check, value) }
    }
    // Query strings and params arrive as text: convert them (a copy: Convert changes what it is given). Bodies are
    // taken as sent (no "5" for 5), but fields the schema does not name are dropped, so nothing unexpected
    // reaches the domain.
    const value =
      httpPart === 'body' ? Value.Clean(schema, structuredClone(input)) : Value.Convert(schema, flatCopy(input))
    const loose = httpPart === 'body' ? undefined : looselyConvertedField(input, value)
    if (loose) return { error: [validationError(`/${loose}`, 'must be a whole number')] }
    if (check.Check(value)) return { value }
    return { error: firstError(check, value) }
  }
}

function firstError(check: ReturnType<typeof Compile>, value: unknown) {
  const errors = [...check.Errors(value)]
  const specific = errors.filter((e) => e.keyword !== 'anyOf')
  return (specific.length > 0 ? specific : errors).slice(0, 1)
}

/**
 * The whole-number fields of an object schema whose other fields are all text (strings or choices of strings):
 * the shape of every query string and path of ours. Undefined for any other schema (TypeBox converts those).
 */
function integerFieldsOnly(schema: TSchema): string[] | undefined {
  const properties = (schema as { type?: unknown; properties?: Record<string, Record<string, unknown>> }).properties
  if ((schema as { type?: unknown }).type !== 'object' || !properties) return undefined
  const integers: string[] = []
  for (const [key, property] of Object.entries(properties)) {
    const choices = property.anyOf as { const?: unknown }[] | undefined
    if (property.type === 'integer') integers.push(key)
    else if (property.type === 'string') continue
    else if (!choices?.every((choice) => typeof choice.const === 'string')) return undefined
  }
  return integers
}

/** A copy of a query string or params object (text values, or arrays of text for repeated keys). */
function flatCopy(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return input
  return Object.fromEntries(
    Object.entries(input).map(([key, value]) => [key, Array.isArray(value) ? [...value] : value]),
  )
}

function validationError(instancePath: string, message: string) {
  return { keyword: 'format', instancePath, schemaPath: '', params: {}, message }
}

/** Deeper than any request of ours needs; walking (and later validating) deeper input costs and can overflow. */
const MAX_DEPTH = 400

/**
 * The first field PostgreSQL could not store (text with a NUL) or nested deeper than MAX_DEPTH, found without
 * recursion, so no input can exhaust the stack.
 */
function unstorableField(input: unknown): { path: string; message: string } | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: input, path: '', depth: 0 }]
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, path, depth } = next
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { path, message: 'must not contain a NUL character' }
      continue
    }
    if (typeof value !== 'object' || value === null) continue
    if (depth >= MAX_DEPTH) return { path, message: `is nested too deeply (more than ${MAX_DEPTH} levels)` }
    for (const [key, item] of Object.entries(value))
      stack.push({ value: item, path: `${path}/${key}`, depth: depth + 1 })
  }
  return undefined
}

/** Registers a group of routes under a path prefix, keeping the TypeBox typing of request bodies. */
export async function mountUnder(app: HttpApp, prefix: string, routes: (scoped: HttpApp) => void | Promise<void>) {
  await app.register(async (scoped) => routes(scoped.withTypeProvider<TypeBoxTypeProvider>()), { prefix })
}

/** A query/param field whose text did not say exactly the number it was converted to ("1.5" → 1, "" → 0, "1e1"). */
function looselyConvertedField(input: unknown, value: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || typeof value !== 'object' || value === null) return undefined
  for (const [key, raw] of Object.entries(input)) {
    const converted = (value as Record<string, unknown>)[key]
    if (typeof raw === 'string' && typeof converted === 'number' && String(converted) !== raw.trim()) return key
  }
  return undefined
}
