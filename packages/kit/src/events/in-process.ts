import type { EventEnvelope, EventType } from '@ambassador/contracts/events'
import type { EventDelivery, EventTransport } from './transport.ts'

/**
 * The embedded event bus: publishing hands the event to every subscribed group in this process and waits for
 * them, so the relay marks an outbox row sent only after every consumer has applied or parked it.
 */
export function createInProcessTransport(): EventTransport {
  const groups: { group: string; types: Set<EventType>; deliver: EventDelivery }[] = []
  return {
    async publish(event: EventEnvelope) {
      const interested = groups.filter((g) => g.types.has(event.type))
      const results = await Promise.allSettled(interested.map((g) => g.deliver(event)))
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
      if (failed) throw failed.reason
    },
    subscribe(group, types, deliver) {
      groups.push({ group, types: new Set(types), deliver })
    },
    async start() {},
    async stop() {},
    async ready() {
      return true
    },
  }
}
