import { randomUUID } from 'node:crypto'
import type { EventEnvelope } from '@ambassador/contracts/events'

/** What the broker transports (Kafka, RabbitMQ) share: the streams, reading a message, waiting for deliveries. */

/** The streams, from the event types themselves (a new stream needs no list kept in step): a topic or exchange each. */
export { STREAMS } from '@ambassador/contracts/events'

/** The most messages one delivery takes from what a consumer has received. */
export const MAX_BATCH = 200

/** A message as an envelope; what is not JSON becomes one the inbox will refuse (and park with its text). */
export function parseEnvelope(value: string): EventEnvelope {
  try {
    return JSON.parse(value) as EventEnvelope
  } catch {
    const unreadable = {
      id: randomUUID(),
      type: 'unreadable',
      version: 0,
      occurredAt: new Date().toISOString(),
      key: '',
    }
    return { ...unreadable, data: { text: value.slice(0, 10_000) } } as unknown as EventEnvelope
  }
}

export async function quietly(work: () => unknown) {
  try {
    await work()
  } catch {}
}

/** Deliveries published from this process that its own consumer groups have not applied yet. */
export function createInFlight(broker: string) {
  const pending = new Map<string, number>()
  let waiters: (() => void)[] = []
  const key = (id: string, group: string) => `${group}:${id}`
  return {
    add(id: string, groups: string[]) {
      for (const g of groups) pending.set(key(id, g), (pending.get(key(id, g)) ?? 0) + 1)
    },
    remove(id: string, groups: string[]) {
      for (const g of groups) {
        const left = (pending.get(key(id, g)) ?? 0) - 1
        if (left > 0) pending.set(key(id, g), left)
        else pending.delete(key(id, g))
      }
      if (pending.size === 0) {
        for (const wake of waiters) wake()
        waiters = []
      }
    },
    async settled(timeoutMs = 60_000): Promise<number> {
      const waited = [...pending.values()].reduce((a, b) => a + b, 0)
      if (waited === 0) return 0
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${pending.size} ${broker} deliveries not applied after ${timeoutMs} ms`)),
          timeoutMs,
        )
        waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
      return waited
    },
  }
}
