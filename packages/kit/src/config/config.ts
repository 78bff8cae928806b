import path from 'node:path'
import { type OidcProviderConfig, oidcProviders } from './oidc-providers.ts'

export const SERVICE_NAMES = [
  'users',
  'admin',
  'ambassador',
  'checkout',
  'email',
  'media',
  'store',
  'notifications',
  'analytics',
] as const
export type ServiceName = (typeof SERVICE_NAMES)[number]

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
export type EventBroker = 'memory' | 'kafka' | 'rabbitmq'

/** Everything the platform reads from its environment, validated once at boot. */
export type Config = {
  port: number
  host: string
  /** Where embedded mode keeps its PostgreSQL data, keys and mailbox; survives restarts. */
  dataDir: string
  /** The address people reach this server on; payment pages and emails link to it. */
  publicUrl: string
  /** Where the payment provider sends the customer back to (`/success?source=<id>` is appended). */
  checkoutUrl: string
  /** The PostgreSQL every service uses unless it has its own; undefined = start the embedded server. */
  databaseUrl: string | undefined
  serviceDatabaseUrls: Partial<Record<ServiceName, string>>
  dbPoolSize: number
  services: ServiceName[]
  adminEmail: string | undefined
  adminPassword: string | undefined
  /**
   * Seed a demo store into an empty embedded database. Defaults to on, except when ADMIN_EMAIL is set: whoever
   * names their own admin is setting up a real store and gets an empty one.
   */
  demo: boolean
  /** The ambassador's share of each order line, in basis points (1000 = 10%). */
  commissionRateBasisPoints: number
  /** Days a commission stays pending (refundable) after delivery, or after payment if never delivered, before approval. */
  commissionHoldDays: number
  /** The smallest payout an ambassador may request, in minor units. */
  payoutMinimumMinor: number
  /** How long a link's referral cookie credits its ambassador (ATTRIBUTION_DAYS, default 30). */
  attributionDays: number
  /** Which click credits an order when a shopper opened several links: the last (default) or the first. */
  attributionModel: 'first' | 'last'
  /** Whether opens of links are recorded as clicks (CLICK_TRACKING, default on; off only to measure its cost). */
  clickTracking: boolean
  currency: string
  corsOrigins: string[]
  logLevel: LogLevel
  jwtPrivateKey: string | undefined
  jwtPublicKey: string | undefined
  mailFrom: string
  /** Extra addresses told about every order, besides the admins. */
  adminNotifyEmails: string[]
  /** Login/register attempts allowed per client address per minute. */
  authRateLimitPerMinute: number
  /** How long a client may take to send a whole request (headers and body), in seconds. */
  requestTimeoutSeconds: number
  /** How long published outbox rows and applied inbox rows are kept. */
  eventRetentionDays: number
  /**
   * How long analytics keeps each raw event (`analytics.events`, by when it occurred); its daily rollups stay. An event
   * older than this that arrives (again) is ignored: analytics can no longer tell whether it counted it.
   */
  analyticsEventsRetentionDays: number
  /** How long an order may wait for its payment before it (and its payment session) expires. */
  orderTtlMinutes: number
  /** Orders placed (and confirms) per client address per minute. */
  checkoutRateLimitPerMinute: number
  /**
   * Which proxies in front may say who the client is (X-Forwarded-For): none (false), how many hops, or their
   * addresses/CIDRs. Rate limits and logs use the client address this yields.
   */
  trustProxy: boolean | number | string[]
  /** How events travel: the in-process bus (embedded), or Apache Kafka / RabbitMQ between processes. */
  eventBroker: EventBroker
  /** Apache Kafka bootstrap brokers (EVENT_BROKER=kafka). */
  kafkaBrokers: string[]
  kafkaTopicPrefix: string
  /** RabbitMQ (EVENT_BROKER=rabbitmq); deployments sharing one broker each use a vhost of their own. */
  rabbitmqUrl: string | undefined
  /** Redis for the cache; undefined = in memory. */
  redisUrl: string | undefined
  /** Prefix of every key this deployment writes to Redis. */
  redisKeyPrefix: string
  /** When set, `GET /metrics` wants it as a Bearer token; unset, the metrics are public like /health/live. */
  metricsToken: string | undefined
  /**
   * Where traces go by OTLP/HTTP (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces);
   * unset, tracing is off. OTEL_SERVICE_NAME names the process in them.
   */
  tracing: { endpoint: string; serviceName: string | undefined } | undefined
  /**
   * Where the process answering `/api/docs` fetches the OpenAPI document of each service it does not run
   * (API_DOCS_SOURCE, a URL with `{service}` in it, e.g. the gateway's `/api/{service}/openapi.json`), to serve the
   * whole API as one document; unset, it serves the document of its own services (all of them when embedded).
   */
  apiDocsSource: string | undefined
  /** The store's name, as emails and pages show it. */
  storeName: string
  /** What invoices and credit notes print about the store (STORE_ADDRESS lines split by `|`, STORE_EMAIL, STORE_TAX_ID). */
  storeAddress: string[]
  storeEmail: string | undefined
  storeTaxId: string | undefined
  /** A tax included in prices (STORE_TAX_RATE percent, STORE_TAX_NAME): documents show its part of each total. */
  storeTax: { name: string; rateBasisPoints: number } | undefined
  /** SMTP server mail is delivered to (`smtp://user:pass@host:port`, `smtps://…`); undefined = the local mailbox only. */
  smtpUrl: string | undefined
  /** Stripe, chosen when the secret key is set; undefined = the local test payment provider. */
  stripe: StripeConfig | undefined
  /** S3-compatible object storage for uploaded images, chosen when S3_BUCKET is set; undefined = DATA_DIR/media. */
  s3: S3Config | undefined
  /** OpenID Connect providers shoppers may sign in with (OIDC_PROVIDERS and OIDC_<ID>_*); none by default. */
  oidcProviders: OidcProviderConfig[]
  /** Text messages to admins' phones (SMS_PROVIDER=twilio and SMS_*); undefined = SMS channels cannot be made. */
  sms: SmsConfig | undefined
}

export type SmsConfig = {
  provider: 'twilio'
  accountSid: string
  authToken: string
  /** The sender: a phone number in E.164 form (+15551234567). */
  from: string
  /** The provider's API, or a compatible server instead (tests): scheme, host and port. */
  apiUrl: string
}

export type StripeConfig = {
  secretKey: string
  webhookSecret: string
  /** A Stripe-compatible server to talk to instead of Stripe's (tests, stripe-mock): scheme, host and port. */
  apiUrl: URL | undefined
}

export type S3Config = {
  bucket: string
  region: string
  /** An S3-compatible server instead of AWS (MinIO, s3rver): scheme, host and port. */
  endpoint: string | undefined
  /** Bucket in the path (`host/bucket/key`) rather than the host name: what most S3-compatible servers need. */
  forcePathStyle: boolean
  /** Undefined = the AWS SDK's own credential chain (AWS_* variables, an instance or task role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined
}

export type Env = Record<string, string | undefined>

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

const DEFAULT_CORS_PORTS = [3000, 4000, 5000, 4200, 4300, 8080]
const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

/** TRUST_PROXY: unset/false, true (every hop — only behind a proxy that overwrites the header), a hop count, or addresses. */
function trustProxy(raw: string | undefined, problems: string[]): boolean | number | string[] {
  if (raw === undefined || ['false', '0', 'no', 'off'].includes(raw.toLowerCase())) return false
  if (['true', 'yes', 'on'].includes(raw.toLowerCase())) return true
  if (/^\d+$/.test(raw)) return Number(raw)
  const addresses = raw
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
  const bad = addresses.filter((a) => !/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(a))
  if (bad.length > 0)
    problems.push(`TRUST_PROXY must be true, a hop count, or addresses/CIDRs, got "${bad.join(', ')}"`)
  return addresses
}

/** Reads and validates the whole configuration, reporting every bad variable at once. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = []
  const read = (name: string) => {
    const value = env[name]?.trim()
    return value === '' ? undefined : value
  }
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = read(name)
    if (raw === undefined) return fallback
    const value = Number(raw)
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`)
      return fallback
    }
    return value
  }
  const url = (name: string, protocols: string[]) => {
    const raw = read(name)
    if (raw === undefined) return undefined
    try {
      const parsed = new URL(raw)
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol')
      return raw.replace(/\/+$/, '')
    } catch {
      problems.push(`${name} must be a ${protocols.join(' or ')} URL, got "${raw}"`)
      return undefined
    }
  }
  const flag = (name: string, fallback: boolean) => {
    const raw = read(name)?.toLowerCase()
    if (raw === undefined) return fallback
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true
    if (['0', 'false', 'no', 'off'].includes(raw)) return false
    problems.push(`${name} must be true or false, got "${raw}"`)
    return fallback
  }
  const emails = (name: string) => {
    const list = (read(name) ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)
    for (const email of list) if (!looksLikeEmail(email)) problems.push(`${name} has an invalid email "${email}"`)
    return list
  }

  const port = integer('PORT', 8000, 0, 65535)
  const publicUrl = url('PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`
  const pgProtocols = ['postgres:', 'postgresql:']
  const serviceDatabaseUrls: Partial<Record<ServiceName, string>> = {}
  for (const service of SERVICE_NAMES) {
    const value = url(`${service.toUpperCase()}_DATABASE_URL`, pgProtocols)
    if (value) serviceDatabaseUrls[service] = value
  }

  const services = parseServices(read('SERVICES'), problems)

  const adminEmail = read('ADMIN_EMAIL')?.toLowerCase()
  const adminPassword = read('ADMIN_PASSWORD')
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together')
  }
  if (adminEmail !== undefined && !looksLikeEmail(adminEmail))
    problems.push(`ADMIN_EMAIL "${adminEmail}" is not an email`)
  if (adminPassword !== undefined && adminPassword.length < 8)
    problems.push('ADMIN_PASSWORD must be at least 8 characters')

  const commissionPercent = read('COMMISSION_RATE') ?? '10'
  const commissionRateBasisPoints = Math.round(Number(commissionPercent) * 100)
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(commissionPercent) || commissionRateBasisPoints > 10_000) {
    problems.push(
      `COMMISSION_RATE must be a percentage from 0 to 100 with at most 2 decimals, got "${commissionPercent}"`,
    )
  }

  const payoutMinimum = read('PAYOUT_MINIMUM') ?? '50'
  const payoutMinimumMinor = Math.round(Number(payoutMinimum) * 100)
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(payoutMinimum) || payoutMinimumMinor < 1) {
    problems.push(`PAYOUT_MINIMUM must be an amount from 0.01 to 999999.99, got "${payoutMinimum}"`)
  }

  const currency = (read('CURRENCY') ?? 'USD').toUpperCase()
  if (!/^[A-Z]{3}$/.test(currency)) problems.push(`CURRENCY must be a 3-letter ISO code, got "${currency}"`)

  const logLevel = (read('LOG_LEVEL') ?? 'info') as LogLevel
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`)

  const corsOrigins = read('CORS_ORIGINS')
    ?.split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean) ?? [...DEFAULT_CORS_PORTS.flatMap((p) => [`http://localhost:${p}`, `http://127.0.0.1:${p}`])]
  if (corsOrigins.includes('*')) {
    problems.push(
      'CORS_ORIGINS must list origins, not "*": browsers send the session cookie, so any site could read a signed-in user\'s data',
    )
  }
  if (!corsOrigins.includes(new URL(publicUrl).origin)) corsOrigins.push(new URL(publicUrl).origin)

  const config: Config = {
    port,
    host: read('HOST') ?? 'localhost',
    dataDir: path.resolve(cwd, read('DATA_DIR') ?? '.data'),
    publicUrl,
    checkoutUrl: url('CHECKOUT_URL', ['http:', 'https:']) ?? publicUrl,
    databaseUrl: url('DATABASE_URL', pgProtocols),
    serviceDatabaseUrls,
    dbPoolSize: integer('DB_POOL_SIZE', 10, 1, 200),
    services,
    adminEmail,
    adminPassword,
    demo: flag('DEMO', adminEmail === undefined),
    commissionRateBasisPoints,
    commissionHoldDays: integer('COMMISSION_HOLD_DAYS', 30, 0, 365),
    payoutMinimumMinor,
    attributionDays: integer('ATTRIBUTION_DAYS', 30, 1, 365),
    attributionModel: attributionModel(read('ATTRIBUTION_MODEL'), problems),
    clickTracking: flag('CLICK_TRACKING', true),
    currency,
    corsOrigins,
    logLevel,
    jwtPrivateKey: readPem(read('JWT_PRIVATE_KEY')),
    jwtPublicKey: readPem(read('JWT_PUBLIC_KEY')),
    mailFrom: read('MAIL_FROM') ?? 'Ambassador <no-reply@ambassador.local>',
    adminNotifyEmails: emails('ADMIN_NOTIFY_EMAILS'),
    authRateLimitPerMinute: integer('AUTH_RATE_LIMIT_PER_MINUTE', 20, 1, 100_000),
    requestTimeoutSeconds: integer('REQUEST_TIMEOUT_SECONDS', 30, 1, 600),
    checkoutRateLimitPerMinute: integer('CHECKOUT_RATE_LIMIT_PER_MINUTE', 60, 1, 100_000),
    orderTtlMinutes: integer('ORDER_TTL_MINUTES', 60, 5, 7 * 24 * 60),
    eventRetentionDays: integer('EVENT_RETENTION_DAYS', 7, 1, 3650),
    analyticsEventsRetentionDays: integer('ANALYTICS_EVENTS_RETENTION_DAYS', 90, 1, 3650),
    trustProxy: trustProxy(read('TRUST_PROXY'), problems),
    kafkaBrokers: brokers(read('KAFKA_BROKERS'), problems),
    kafkaTopicPrefix: read('KAFKA_TOPIC_PREFIX') ?? '',
    eventBroker: 'memory',
    rabbitmqUrl: url('RABBITMQ_URL', ['amqp:', 'amqps:']),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    redisKeyPrefix: read('REDIS_KEY_PREFIX') ?? 'ambassador:',
    metricsToken: read('METRICS_TOKEN'),
    tracing: tracing(read),
    apiDocsSource: apiDocsSource(url('API_DOCS_SOURCE', ['http:', 'https:']), problems),
    storeName: oneLine(read('STORE_NAME') ?? 'Ambassador', 'STORE_NAME', problems),
    storeAddress: (read('STORE_ADDRESS') ?? '')
      .split('|')
      .map((line) => oneLine(line.trim(), 'STORE_ADDRESS', problems))
      .filter(Boolean),
    storeEmail: read('STORE_EMAIL'),
    storeTaxId: read('STORE_TAX_ID'),
    storeTax: storeTax(read('STORE_TAX_RATE'), read('STORE_TAX_NAME'), problems),
    smtpUrl: url('SMTP_URL', ['smtp:', 'smtps:']),
    stripe: stripe(read, url, problems),
    s3: s3(read, url, flag, problems),
    oidcProviders: oidcProviders(env, problems),
    sms: sms(read, url, problems),
  }
  config.eventBroker = eventBroker(read('EVENT_BROKER'), config, problems)
  if (config.eventBroker !== 'memory' && !config.jwtPrivateKey && !config.jwtPublicKey) {
    problems.push(
      `EVENT_BROKER=${config.eventBroker} (distributed mode) needs JWT_PUBLIC_KEY in every service and JWT_PRIVATE_KEY in users: ` +
        'all processes must share one Ed25519 key pair (scripts/dist-up.sh shows how to make one)',
    )
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return config
}

function tracing(read: (name: string) => string | undefined): Config['tracing'] {
  // The general endpoint is a base URL (the signal's path is added); the traces one is used as it is.
  const base = read('OTEL_EXPORTER_OTLP_ENDPOINT')
  const endpoint = read('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ?? (base && `${base.replace(/\/+$/, '')}/v1/traces`)
  return endpoint ? { endpoint, serviceName: read('OTEL_SERVICE_NAME') } : undefined
}

function apiDocsSource(source: string | undefined, problems: string[]) {
  if (source !== undefined && !source.includes('{service}')) {
    problems.push(`API_DOCS_SOURCE must name the service as {service} (…/api/{service}/openapi.json), got "${source}"`)
  }
  return source
}

function attributionModel(value: string | undefined, problems: string[]): 'first' | 'last' {
  if (value === undefined || value === 'last') return 'last'
  if (value === 'first') return 'first'
  problems.push(`ATTRIBUTION_MODEL must be "first" or "last", got "${value}"`)
  return 'last'
}

function stripe(
  read: (name: string) => string | undefined,
  url: (name: string, protocols: string[]) => string | undefined,
  problems: string[],
): StripeConfig | undefined {
  const secretKey = read('STRIPE_SECRET_KEY')
  const webhookSecret = read('STRIPE_WEBHOOK_SECRET')
  const apiUrl = url('STRIPE_API_URL', ['http:', 'https:'])
  if (secretKey === undefined) {
    if (webhookSecret !== undefined || apiUrl !== undefined)
      problems.push('STRIPE_WEBHOOK_SECRET and STRIPE_API_URL need STRIPE_SECRET_KEY')
    return undefined
  }
  if (!/^(sk|rk)_(test|live)_\w+$/.test(secretKey))
    problems.push('STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_…, sk_live_…, or a restricted rk_…)')
  if (webhookSecret === undefined) {
    problems.push(
      'STRIPE_SECRET_KEY needs STRIPE_WEBHOOK_SECRET (whsec_…): payments complete through verified webhooks',
    )
  } else if (!webhookSecret.startsWith('whsec_')) {
    problems.push('STRIPE_WEBHOOK_SECRET must be a webhook signing secret (whsec_…)')
  }
  return { secretKey, webhookSecret: webhookSecret ?? '', apiUrl: apiUrl === undefined ? undefined : new URL(apiUrl) }
}

const SMS_SETTINGS = ['SMS_ACCOUNT_SID', 'SMS_AUTH_TOKEN', 'SMS_FROM', 'SMS_API_URL']

function sms(
  read: (name: string) => string | undefined,
  url: (name: string, protocols: string[]) => string | undefined,
  problems: string[],
): SmsConfig | undefined {
  const provider = read('SMS_PROVIDER')
  if (provider === undefined) {
    const orphans = SMS_SETTINGS.filter((name) => read(name) !== undefined)
    if (orphans.length > 0) problems.push(`${orphans.join(', ')} need SMS_PROVIDER=twilio`)
    return undefined
  }
  if (provider !== 'twilio') problems.push(`SMS_PROVIDER must be twilio, got "${provider}"`)
  const accountSid = read('SMS_ACCOUNT_SID') ?? ''
  const authToken = read('SMS_AUTH_TOKEN') ?? ''
  const from = read('SMS_FROM') ?? ''
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid))
    problems.push('SMS_ACCOUNT_SID must be an account SID (AC and 32 hex digits)')
  if (authToken === '') problems.push('SMS_PROVIDER=twilio needs SMS_AUTH_TOKEN')
  if (!/^\+[1-9]\d{6,14}$/.test(from))
    problems.push(`SMS_FROM must be a phone number in E.164 form (+15551234567), got "${from}"`)
  const apiUrl = url('SMS_API_URL', ['http:', 'https:']) ?? 'https://api.twilio.com'
  return { provider: 'twilio', accountSid, authToken, from, apiUrl }
}

const S3_SETTINGS = ['S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE']

function s3(
  read: (name: string) => string | undefined,
  url: (name: string, protocols: string[]) => string | undefined,
  flag: (name: string, fallback: boolean) => boolean,
  problems: string[],
): S3Config | undefined {
  const bucket = read('S3_BUCKET')
  if (bucket === undefined) {
    const orphans = S3_SETTINGS.filter((name) => read(name) !== undefined)
    if (orphans.length > 0) {
      const verb = orphans.length === 1 ? 'needs' : 'need'
      problems.push(`${orphans.join(', ')} ${verb} S3_BUCKET (without it, images are kept in DATA_DIR/media)`)
    }
    return undefined
  }
  // S3's bucket naming rules: 3–63 lowercase letters, digits, dots and hyphens, a letter or digit at each end.
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    problems.push(`S3_BUCKET must be a bucket name (3–63 lowercase letters, digits, dots, hyphens), got "${bucket}"`)
  }
  const region = read('S3_REGION') ?? 'us-east-1'
  if (!/^[a-z0-9-]{1,50}$/.test(region)) {
    problems.push(`S3_REGION must be a region name like us-east-1, got "${region}"`)
  }
  const endpoint = url('S3_ENDPOINT', ['http:', 'https:'])
  const accessKeyId = read('S3_ACCESS_KEY_ID')
  const secretAccessKey = read('S3_SECRET_ACCESS_KEY')
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together')
  }
  return {
    bucket,
    region,
    endpoint,
    forcePathStyle: flag('S3_FORCE_PATH_STYLE', read('S3_ENDPOINT') !== undefined),
    credentials:
      accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : undefined,
  }
}

function storeTax(rate: string | undefined, name: string | undefined, problems: string[]) {
  if (rate === undefined) return undefined
  const rateBasisPoints = Math.round(Number(rate) * 100)
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(rate) || rateBasisPoints <= 0 || rateBasisPoints > 10_000) {
    problems.push(`STORE_TAX_RATE must be a percentage above 0, at most 100, with at most 2 decimals, got "${rate}"`)
    return undefined
  }
  return { name: name?.trim() || 'VAT', rateBasisPoints }
}

function oneLine(value: string, name: string, problems: string[]): string {
  if (/[\r\n]/.test(value) || value.length > 100) problems.push(`${name} must be one line of at most 100 characters`)
  return value
}

/** EVENT_BROKER, or the one broker whose address is set; an address of a broker not chosen is a mistake. */
function eventBroker(
  raw: string | undefined,
  config: Pick<Config, 'kafkaBrokers' | 'rabbitmqUrl'>,
  problems: string[],
): EventBroker {
  const kafka = config.kafkaBrokers.length > 0
  const rabbitmq = config.rabbitmqUrl !== undefined
  if (raw === undefined) {
    if (kafka && rabbitmq) {
      problems.push('KAFKA_BROKERS and RABBITMQ_URL are both set: choose one with EVENT_BROKER=kafka or rabbitmq')
    }
    return kafka ? 'kafka' : rabbitmq ? 'rabbitmq' : 'memory'
  }
  const chosen = raw.toLowerCase()
  if (chosen !== 'memory' && chosen !== 'kafka' && chosen !== 'rabbitmq') {
    problems.push(`EVENT_BROKER must be memory, kafka or rabbitmq, got "${raw}"`)
    return 'memory'
  }
  if (chosen === 'kafka' && !kafka) problems.push('EVENT_BROKER=kafka needs KAFKA_BROKERS')
  if (chosen === 'rabbitmq' && !rabbitmq) problems.push('EVENT_BROKER=rabbitmq needs RABBITMQ_URL')
  if (chosen === 'memory' && (kafka || rabbitmq)) {
    problems.push(
      `EVENT_BROKER=memory keeps events in this process, but ${kafka ? 'KAFKA_BROKERS' : 'RABBITMQ_URL'} is set`,
    )
  }
  return chosen
}

function brokers(raw: string | undefined, problems: string[]): string[] {
  const list = (raw ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean)
  for (const broker of list) {
    if (!/^[\w.-]+:\d{1,5}$/.test(broker)) problems.push(`KAFKA_BROKERS must list host:port pairs, got "${broker}"`)
  }
  return list
}

function parseServices(raw: string | undefined, problems: string[]): ServiceName[] {
  if (raw === undefined || raw === 'all') return [...SERVICE_NAMES]
  const names = raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
  const unknown = names.filter((n) => !SERVICE_NAMES.includes(n as ServiceName))
  if (unknown.length > 0 || names.length === 0) {
    problems.push(`SERVICES must list some of ${SERVICE_NAMES.join(', ')} (or "all"), got "${raw}"`)
    return [...SERVICE_NAMES]
  }
  return SERVICE_NAMES.filter((s) => names.includes(s))
}

/** PEM keys may be given with literal "\n" sequences, as env files and secret stores often do. */
function readPem(value: string | undefined) {
  return value?.replace(/\\n/g, '\n')
}

export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)
}

/** The PostgreSQL URL a service uses, or undefined when the embedded server provides it. */
export function databaseUrlFor(config: Config, service: ServiceName): string | undefined {
  return config.serviceDatabaseUrls[service] ?? config.databaseUrl
}
