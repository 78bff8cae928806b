import type { EventEnvelope, EventType } from '@ambassador/contracts/events'
import type { EventDelivery, EventTransport } from './transport.ts'

/**
 * The embedded event bus: publishing hands the events to every subscribed group in this process and waits for
 * them, so the relay marks an outbox row sent only after every consumer has applied or parked it. A batch goes to
 * each group as one delivery (one transaction in its inbox); the groups work side by side.
 */
export function createInProcessTransport(): EventTransport {
  const groups: { group: string; types: Set<EventType>; deliver: EventDelivery }[] = []
  async function publishBatch(events: readonly EventEnvelope[]) {
    const deliveries = groups.map((g) => ({ g, wanted: events.filter((event) => g.types.has(event.type)) }))
    const results = await Promise.allSettled(
      deliveries.filter(({ wanted }) => wanted.length > 0).map(({ g, wanted }) => g.deliver(wanted)),
    )
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failed) throw failed.reason
  }
  return {
    publish: (event) => publishBatch([event]),
    publishBatch,
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
