import type { EventEnvelope, EventType } from '@ambassador/contracts/events'

/** Delivers one event to a consumer group; resolves once the group has applied (or parked) it. */
export type EventDelivery = (event: EventEnvelope) => Promise<void>

/**
 * How events travel between services: in-process in embedded mode, Kafka when distributed.
 * `publish` resolves only when the event is durably handed over (broker ack, or every in-process consumer done).
 */
export type EventTransport = {
  publish(event: EventEnvelope): Promise<void>
  subscribe(group: string, types: readonly EventType[], deliver: EventDelivery): void
  start(): Promise<void>
  stop(): Promise<void>
  /**
   * Waits until every consumer group in this process has applied what was published here; returns how many
   * deliveries it waited for. Only transports that deliver asynchronously (Kafka) need it.
   */
  settle?(): Promise<number>
  /** Whether the broker is reachable (for /health/ready). */
  ready(): Promise<boolean>
}
