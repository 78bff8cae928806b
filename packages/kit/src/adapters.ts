import type { Cache } from './cache/cache.ts'
import { createMemoryCache } from './cache/memory.ts'
import { createRedisCache } from './cache/redis.ts'
import type { Clock } from './clock/clock.ts'
import type { Config } from './config/config.ts'
import { createInProcessTransport } from './events/in-process.ts'
import { createKafkaTransport } from './events/kafka.ts'
import type { EventTransport } from './events/transport.ts'
import type { Logger } from './log/log.ts'

/** The infrastructure adapters, chosen in one place from which URLs the configuration sets. */
export function createAdapters(config: Config, log: Logger, clock: Clock): { transport: EventTransport; cache: Cache } {
  const transport =
    config.kafkaBrokers.length > 0
      ? createKafkaTransport({
          brokers: config.kafkaBrokers,
          clientId: `ambassador-${config.services.join('-')}`,
          topicPrefix: config.kafkaTopicPrefix,
          log: log.child({ component: 'kafka' }),
        })
      : createInProcessTransport()
  const cache = config.redisUrl
    ? createRedisCache(config.redisUrl, log.child({ component: 'redis' }), config.redisKeyPrefix)
    : createMemoryCache(clock)
  return { transport, cache }
}
