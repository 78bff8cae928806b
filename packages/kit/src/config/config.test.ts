import { describe, expect, it } from 'vitest'
import { ConfigError, databaseUrlFor, loadConfig, SERVICE_NAMES } from './config.ts'

describe('loadConfig', () => {
  it('runs embedded with sensible defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/app')
    expect(config).toMatchObject({
      port: 8000,
      dataDir: '/srv/app/.data',
      publicUrl: 'http://localhost:8000',
      checkoutUrl: 'http://localhost:8000',
      databaseUrl: undefined,
      services: [...SERVICE_NAMES],
      demo: true,
      commissionRateBasisPoints: 1000,
      currency: 'USD',
    })
    expect(config.corsOrigins).toContain('http://localhost:3000')
    expect(config.corsOrigins).toContain('http://localhost:8000')
  })

  it('reports every bad variable at once', () => {
    const env = {
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      COMMISSION_RATE: '150',
      CURRENCY: 'dollars',
      SERVICES: 'users,billing',
      ADMIN_EMAIL: 'a@b.co',
    }
    try {
      loadConfig(env)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      const problems = (error as ConfigError).problems.join('\n')
      for (const name of ['PORT', 'DATABASE_URL', 'COMMISSION_RATE', 'CURRENCY', 'SERVICES', 'ADMIN_PASSWORD']) {
        expect(problems).toContain(name)
      }
    }
  })

  it.each(['*', 'http://localhost:3000,*'])('refuses CORS_ORIGINS=%s: credentials go with every request', (origins) => {
    expect(() => loadConfig({ CORS_ORIGINS: origins })).toThrow(/CORS_ORIGINS/)
  })

  it('turns the demo store off when an admin is configured, unless DEMO says otherwise', () => {
    const admin = { ADMIN_EMAIL: 'Boss@Example.com', ADMIN_PASSWORD: 'long-enough' }
    expect(loadConfig(admin)).toMatchObject({ demo: false, adminEmail: 'boss@example.com' })
    expect(loadConfig({ ...admin, DEMO: 'true' }).demo).toBe(true)
    expect(loadConfig({ DEMO: 'false' }).demo).toBe(false)
  })

  it('gives a service its own database URL when one is set, else the shared one', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://h/shared', CHECKOUT_DATABASE_URL: 'postgres://h/checkout' })
    expect(databaseUrlFor(config, 'checkout')).toBe('postgres://h/checkout')
    expect(databaseUrlFor(config, 'users')).toBe('postgres://h/shared')
  })

  it('reads a fractional commission rate in basis points', () => {
    expect(loadConfig({ COMMISSION_RATE: '12.5' }).commissionRateBasisPoints).toBe(1250)
  })

  it('holds commission 30 days by default, and takes 0 to 365 days from COMMISSION_HOLD_DAYS', () => {
    expect(loadConfig({}).commissionHoldDays).toBe(30)
    expect(loadConfig({ COMMISSION_HOLD_DAYS: '0' }).commissionHoldDays).toBe(0)
    expect(loadConfig({ COMMISSION_HOLD_DAYS: '365' }).commissionHoldDays).toBe(365)
    for (const bad of ['-1', '366', '1.5', 'thirty']) {
      expect(() => loadConfig({ COMMISSION_HOLD_DAYS: bad })).toThrow(/COMMISSION_HOLD_DAYS/)
    }
  })

  it("keeps analytics' raw events 90 days by default, and a whole number of days from 1 from ANALYTICS_EVENTS_RETENTION_DAYS", () => {
    expect(loadConfig({}).analyticsEventsRetentionDays).toBe(90)
    expect(loadConfig({ ANALYTICS_EVENTS_RETENTION_DAYS: '1' }).analyticsEventsRetentionDays).toBe(1)
    expect(loadConfig({ ANALYTICS_EVENTS_RETENTION_DAYS: '400' }).analyticsEventsRetentionDays).toBe(400)
    for (const bad of ['0', '-7', '2.5', 'ninety', '1e9']) {
      expect(() => loadConfig({ ANALYTICS_EVENTS_RETENTION_DAYS: bad })).toThrow(
        `ANALYTICS_EVENTS_RETENTION_DAYS must be a whole number from 1 to 3650, got "${bad}"`,
      )
    }
  })

  it('pays out from 50.00 by default, and from the amount PAYOUT_MINIMUM gives', () => {
    expect(loadConfig({}).payoutMinimumMinor).toBe(5000)
    expect(loadConfig({ PAYOUT_MINIMUM: '0.01' }).payoutMinimumMinor).toBe(1)
    expect(loadConfig({ PAYOUT_MINIMUM: '125.5' }).payoutMinimumMinor).toBe(12550)
    for (const bad of ['0', '-5', '1.005', 'fifty']) {
      expect(() => loadConfig({ PAYOUT_MINIMUM: bad })).toThrow(/PAYOUT_MINIMUM/)
    }
  })

  it('keeps images in DATA_DIR unless S3_BUCKET is set', () => {
    expect(loadConfig({}).s3).toBeUndefined()
  })

  it('reads an S3-compatible server with path-style addressing by default', () => {
    const config = loadConfig({
      S3_BUCKET: 'shop-images',
      S3_ENDPOINT: 'http://127.0.0.1:9000/',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    })
    expect(config.s3).toEqual({
      bucket: 'shop-images',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    })
  })

  it("reads AWS S3 with virtual-hosted addressing and the SDK's own credentials when no keys are given", () => {
    const config = loadConfig({ S3_BUCKET: 'shop.images', S3_REGION: 'eu-west-3' })
    expect(config.s3).toEqual({
      bucket: 'shop.images',
      region: 'eu-west-3',
      endpoint: undefined,
      forcePathStyle: false,
      credentials: undefined,
    })
    expect(loadConfig({ S3_BUCKET: 'shop-images', S3_FORCE_PATH_STYLE: 'true' }).s3?.forcePathStyle).toBe(true)
  })

  it.each([
    ['S3 settings without a bucket', { S3_ENDPOINT: 'http://127.0.0.1:9000' }, 'S3_ENDPOINT needs S3_BUCKET'],
    ['a bucket name S3 refuses', { S3_BUCKET: 'Shop_Images' }, 'S3_BUCKET must be a bucket name'],
    ['an endpoint that is not a URL', { S3_BUCKET: 'shop-images', S3_ENDPOINT: 'minio:9000' }, 'S3_ENDPOINT'],
    ['a key id without its secret', { S3_BUCKET: 'shop-images', S3_ACCESS_KEY_ID: 'id' }, 'set together'],
    ['a region with spaces', { S3_BUCKET: 'shop-images', S3_REGION: 'eu west' }, 'S3_REGION'],
    ['a path-style flag that is no boolean', { S3_BUCKET: 'shop-images', S3_FORCE_PATH_STYLE: 'maybe' }, 'S3_FORCE'],
  ])('refuses %s', (_name, env, problem) => {
    expect(() => loadConfig(env)).toThrow(problem)
  })
})

describe('the event broker', () => {
  const keys = { JWT_PUBLIC_KEY: 'unused-in-this-check' }

  it('is the in-process bus when no broker is set, Kafka or RabbitMQ when its address is', () => {
    expect(loadConfig({}).eventBroker).toBe('memory')
    expect(loadConfig({ ...keys, KAFKA_BROKERS: '127.0.0.1:9092' }).eventBroker).toBe('kafka')
    const rabbit = loadConfig({ ...keys, RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672' })
    expect(rabbit).toMatchObject({ eventBroker: 'rabbitmq', rabbitmqUrl: 'amqp://guest:guest@127.0.0.1:5672' })
  })

  it('takes EVENT_BROKER to choose when both addresses are set', () => {
    const both = { ...keys, KAFKA_BROKERS: '127.0.0.1:9092', RABBITMQ_URL: 'amqp://127.0.0.1:5672' }
    expect(loadConfig({ ...both, EVENT_BROKER: 'rabbitmq' }).eventBroker).toBe('rabbitmq')
    expect(() => loadConfig(both)).toThrow('choose one with EVENT_BROKER')
  })

  it.each([
    ['a broker without its address', { EVENT_BROKER: 'rabbitmq' }, 'EVENT_BROKER=rabbitmq needs RABBITMQ_URL'],
    [
      'the in-process bus with a broker set',
      { EVENT_BROKER: 'memory', KAFKA_BROKERS: 'k:9092' },
      'KAFKA_BROKERS is set',
    ],
    ['an unknown broker', { EVENT_BROKER: 'nats' }, 'EVENT_BROKER must be memory, kafka or rabbitmq'],
    ['a RabbitMQ URL of another protocol', { RABBITMQ_URL: 'http://127.0.0.1:5672' }, 'RABBITMQ_URL must be'],
    ['RabbitMQ without the shared JWT keys', { RABBITMQ_URL: 'amqp://127.0.0.1' }, 'JWT_PUBLIC_KEY in every service'],
  ])('refuses %s', (_name, env, problem) => {
    expect(() => loadConfig(env)).toThrow(problem)
  })
})

describe('SMS settings', () => {
  const twilio = {
    SMS_PROVIDER: 'twilio',
    SMS_ACCOUNT_SID: `AC${'a1'.repeat(16)}`,
    SMS_AUTH_TOKEN: 'token',
    SMS_FROM: '+15550001111',
  }

  it('has no SMS without SMS_PROVIDER, and talks to Twilio itself unless SMS_API_URL says otherwise', () => {
    expect(loadConfig({}).sms).toBeUndefined()
    expect(loadConfig(twilio).sms).toEqual({
      provider: 'twilio',
      accountSid: twilio.SMS_ACCOUNT_SID,
      authToken: 'token',
      from: '+15550001111',
      apiUrl: 'https://api.twilio.com',
    })
    expect(loadConfig({ ...twilio, SMS_API_URL: 'http://127.0.0.1:4010/' }).sms?.apiUrl).toBe('http://127.0.0.1:4010')
  })

  it.each([
    ['settings without a provider', { SMS_AUTH_TOKEN: 'token' }, 'SMS_AUTH_TOKEN need SMS_PROVIDER=twilio'],
    ['another provider', { ...twilio, SMS_PROVIDER: 'carrier-pigeon' }, 'SMS_PROVIDER must be twilio'],
    ['a malformed account SID', { ...twilio, SMS_ACCOUNT_SID: 'AC123' }, 'SMS_ACCOUNT_SID must be an account SID'],
    ['no auth token', { ...twilio, SMS_AUTH_TOKEN: '' }, 'needs SMS_AUTH_TOKEN'],
    ['a sender that is not a phone number', { ...twilio, SMS_FROM: '555-0000' }, 'SMS_FROM must be a phone number'],
  ])('refuses %s', (_name, env, problem) => {
    expect(() => loadConfig(env)).toThrow(problem)
  })
})

describe('API_DOCS_SOURCE', () => {
  it('is unset by default, and else a URL naming the service as {service}', () => {
    expect(loadConfig({}).apiDocsSource).toBeUndefined()
    const source = 'http://127.0.0.1:8080/api/{service}/openapi.json'
    expect(loadConfig({ API_DOCS_SOURCE: source }).apiDocsSource).toBe(source)
    expect(() => loadConfig({ API_DOCS_SOURCE: 'http://gateway/api/docs' })).toThrow(/API_DOCS_SOURCE must name/)
    expect(() => loadConfig({ API_DOCS_SOURCE: 'gateway/{service}' })).toThrow(/API_DOCS_SOURCE must be/)
  })
})
