import type { EventEnvelope, EventMap, EventType } from '@ambassador/contracts/events'
import type { Env } from '../config/config.ts'
import { newId } from '../ids/ids.ts'
import { createLogger } from '../log/log.ts'
import { type Platform, type PlatformOptions, startPlatform } from '../platform.ts'
import type { Service } from '../service.ts'
import { testConfig } from './config.ts'
import { createTestDatabase } from './database.ts'
import { testAdapters } from './external.ts'

export type TestPlatform = Platform & {
  /** Delivers an event straight to the subscribed consumers, as if another service had published it. */
  publish<T extends EventType>(type: T, key: string, data: EventMap[T]): Promise<EventEnvelope<T>>
  /** Delivers an already-published event again, as an at-least-once transport may. */
  redeliver(event: EventEnvelope): Promise<void>
}

/** Starts the given services on a fresh database with embedded adapters, for one test file. */
export async function startTestPlatform(
  services: Service[],
  env: Env = {},
  options: Pick<PlatformOptions, 'routes' | 'clock'> = {},
): Promise<TestPlatform> {
  const config = testConfig(env)
  const url = await createTestDatabase()
  const log = createLogger(config.logLevel)
  const adapters = testAdapters(config, log)
  const { transport } = adapters
  const platform = await startPlatform({
    config,
    log,
    services,
    databaseUrlFor: () => url,
    adapters,
    retry: { attempts: 3, baseDelayMs: 5 },
    ...options,
  })
  return {
    ...platform,
    async publish(type, key, data) {
      const event = { id: newId(), type, version: 1, occurredAt: new Date().toISOString(), key, data } as EventEnvelope<
        typeof type
      >
      await transport.publish(event as EventEnvelope)
      await transport.settle?.()
      return event
    },
    async redeliver(event) {
      await transport.publish(event)
      await transport.settle?.()
    },
  }
}
