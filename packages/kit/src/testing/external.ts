import { randomBytes } from 'node:crypto'
import { createMemoryCache } from '../cache/memory.ts'
import { createRedisCache } from '../cache/redis.ts'
import { systemClock } from '../clock/clock.ts'
import type { Config } from '../config/config.ts'
import { createInProcessTransport } from '../events/in-process.ts'
import { createKafkaTransport } from '../events/kafka.ts'
import type { Logger } from '../log/log.ts'

/**
 * The servers the test suite runs against: the real Kafka and Redis when TEST_KAFKA_BROKERS / TEST_REDIS_URL are
 * set, the embedded adapters otherwise; RabbitMQ when TEST_RABBITMQ_URL is set. TEST_REQUIRE=postgres,kafka,redis,
 * rabbitmq (set by CI) turns a missing one into a failure instead of a quiet fallback.
 */
export const externalServices = {
  kafkaBrokers: (process.env.TEST_KAFKA_BROKERS ?? '').split(',').filter(Boolean),
  redisUrl: process.env.TEST_REDIS_URL || undefined,
  /** Only the RabbitMQ transport's own tests and the distributed fault tests use it; the suite runs on Kafka. */
  rabbitmqUrl: process.env.TEST_RABBITMQ_URL || undefined,
  required: new Set(
    (process.env.TEST_REQUIRE ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ),
}

export function requireConfiguredServices() {
  const missing: string[] = []
  if (externalServices.required.has('postgres') && !process.env.TEST_DATABASE_URL) missing.push('TEST_DATABASE_URL')
  if (externalServices.required.has('kafka') && externalServices.kafkaBrokers.length === 0)
    missing.push('TEST_KAFKA_BROKERS')
  if (externalServices.required.has('redis') && !externalServices.redisUrl) missing.push('TEST_REDIS_URL')
  if (externalServices.required.has('rabbitmq') && !externalServices.rabbitmqUrl) missing.push('TEST_RABBITMQ_URL')
  if (missing.length > 0) throw new Error(`TEST_REQUIRE asks for real servers but ${missing.join(', ')} is not set`)
}

/** Adapters for one test file; Kafka topics and groups get a prefix of their own so files never share them. */
export function testAdapters(config: Config, log: Logger) {
  requireConfiguredServices()
  const prefix = `t${randomBytes(4).toString('hex')}.`
  const transport =
    externalServices.kafkaBrokers.length > 0
      ? createKafkaTransport({
          brokers: externalServices.kafkaBrokers,
          clientId: 'ambassador-test',
          topicPrefix: prefix,
          log,
          partitions: 2,
        })
      : createInProcessTransport()
  const cache = config.redisUrl
    ? createRedisCache(config.redisUrl, log, config.redisKeyPrefix)
    : createMemoryCache(systemClock)
  return { transport, cache }
}
