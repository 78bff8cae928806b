import type { Cache } from './cache/cache.ts'
import { createMemoryCache } from './cache/memory.ts'
import type { Clock } from './clock/clock.ts'
import type { Config } from './config/config.ts'
import { createInProcessTransport } from './events/in-process.ts'
import type { EventTransport } from './events/transport.ts'
import type { Logger } from './log/log.ts'

/**
 * The infrastructure adapters, chosen in one place from which URLs the configuration sets. The Kafka, RabbitMQ and
 * Redis clients are loaded only when configured (the Kafka client alone takes a third of a second to load).
 */
export async function createAdapters(
  config: Config,
  log: Logger,
  clock: Clock,
): Promise<{ transport: EventTransport; cache: Cache }> {
  const clientId = `ambassador-${config.services.join('-')}`
  const transport =
    config.eventBroker === 'kafka'
      ? (await import('./events/kafka.ts')).createKafkaTransport({
          brokers: config.kafkaBrokers,
          clientId,
          topicPrefix: config.kafkaTopicPrefix,
          log: log.child({ component: 'kafka' }),
        })
      : config.eventBroker === 'rabbitmq'
        ? (await import('./events/rabbitmq.ts')).createRabbitMqTransport({
            url: config.rabbitmqUrl ?? '',
            clientId,
            log: log.child({ component: 'rabbitmq' }),
          })
        : createInProcessTransport()
  const cache = config.redisUrl
    ? (await import('./cache/redis.ts')).createRedisCache(
        config.redisUrl,
        log.child({ component: 'redis' }),
        config.redisKeyPrefix,
      )
    : createMemoryCache(clock)
  return { transport, cache }
}
