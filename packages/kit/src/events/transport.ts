import type { EventEnvelope, EventType } from '@ambassador/contracts/events'

/** Delivers events, in order, to a consumer group; resolves once the group has applied (or parked) each of them. */
export type EventDelivery = ((events: readonly EventEnvelope[]) => Promise<void>) & {
  /**
   * Parks an event in the group's dead letters without applying it, with the reason: what a broker gave up on
   * delivering (RabbitMQ dead-letters a message its policy expires or a consumer rejects too often).
   */
  park?(event: EventEnvelope, reason: string): Promise<void>
}

/**
 * How events travel between services: in-process in embedded mode, Kafka when distributed.
 * `publish` resolves only when the event is durably handed over (broker ack, or every in-process consumer done).
 */
export type EventTransport = {
  publish(event: EventEnvelope): Promise<void>
  /**
   * Hands over several events in order, all or none: what a failed call may have delivered comes again with the
   * retry, and consumers' inboxes skip it. Transports without it get one `publish` per event.
   */
  publishBatch?(events: readonly EventEnvelope[]): Promise<void>
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
  /** Messages on the broker past each consumer group's committed offset, per stream (Kafka: for /metrics). */
  consumerLag?(): Promise<{ group: string; stream: string; messages: number }[]>
}
