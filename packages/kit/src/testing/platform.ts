import type { EventEnvelope, EventMap, EventType, UserData } from '@ambassador/contracts/events'
import { loadSigningKeys } from '../auth/keys.ts'
import { createTokenIssuer } from '../auth/tokens.ts'
import { systemClock } from '../clock/clock.ts'
import type { Env } from '../config/config.ts'
import { newId } from '../ids/ids.ts'
import { createLogger } from '../log/log.ts'
import { type Platform, type PlatformOptions, startPlatform } from '../platform.ts'
import type { Service } from '../service.ts'
import { testConfig } from './config.ts'
import { createTestDatabase } from './database.ts'
import { testAdapters } from './external.ts'
import { type TestClient, testClient } from './http-client.ts'

export type TestPlatform = Platform & {
  /** Delivers an event straight to the subscribed consumers, as if another service had published it. */
  publish<T extends EventType>(type: T, key: string, data: EventMap[T]): Promise<EventEnvelope<T>>
  /** Delivers an already-published event again, as an at-least-once transport may. */
  redeliver(event: EventEnvelope): Promise<void>
  /**
   * A client signed in as this user, without the users service: the user is announced (user.registered, as users
   * would) so read models know them, and the client carries a token signed with the platform's keys.
   */
  signIn(user: UserData): Promise<TestClient>
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
  const clock = options.clock ?? systemClock
  // Stamped by the platform's clock, as the services' own events are: a test that moves the clock compares like with like.
  const publish: TestPlatform['publish'] = async (type, key, data) => {
    const event = { id: newId(), type, version: 1, occurredAt: clock.now().toISOString(), key, data } as EventEnvelope<
      typeof type
    >
    await transport.publish(event as EventEnvelope)
    await transport.settle?.()
    return event
  }
  return {
    ...platform,
    publish,
    async redeliver(event) {
      await transport.publish(event)
      await transport.settle?.()
    },
    async signIn(user) {
      await publish('user.registered', user.id, user)
      const { privateKey } = await loadSigningKeys(config)
      if (!privateKey) throw new Error('the test platform has no private key to sign with')
      const token = await createTokenIssuer(privateKey).issue({
        userId: user.id,
        scope: user.role,
        sessionVersion: user.session_version ?? 0,
      })
      return testClient(platform.app, { token })
    },
  }
}
