import { EVENT_SCHEMAS, type EventEnvelope, type EventType, streamOf } from '@ambassador/contracts/events'
import { Admin, Consumer, ProduceAcks, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka'
import type { Logger } from '../log/log.ts'
import { createInFlight, MAX_BATCH, parseEnvelope, quietly, STREAMS } from './broker-delivery.ts'
import type { EventDelivery, EventTransport } from './transport.ts'

// The aggregate streams, one Kafka topic each, created at start (the broker never auto-creates them).
export { STREAMS } from './broker-delivery.ts'

export type KafkaOptions = {
  brokers: string[]
  clientId: string
  log: Logger
  /** Prefix for topic and consumer group names, so several deployments (or test runs) can share one broker. */
  topicPrefix?: string
  partitions?: number
  replicas?: number
}

type Subscription = { group: string; types: Set<EventType>; deliver: EventDelivery }

/**
 * Events over Apache Kafka: one topic per aggregate stream, keyed by aggregate id (one aggregate's events stay in
 * one partition, in order). Publishing resolves when every in-sync replica has the event (idempotent producer,
 * acks=all). Each service consumes each stream as its own consumer group and commits an offset only after the
 * event was applied (or parked) in its database; an event whose delivery fails is retried, never skipped.
 */
export function createKafkaTransport(options: KafkaOptions): EventTransport {
  const { brokers, clientId, log } = options
  const prefix = options.topicPrefix ?? ''
  const topicOf = (type: EventType) => `${prefix}${streamOf(type)}`
  const subscriptions: Subscription[] = []
  const running: { group: string; topic: string; lag(): Promise<number | undefined>; stop(): Promise<void> }[] = []
  let producer: Producer<string, string, string, string> | undefined
  const inFlight = createInFlight('Kafka')

  // An idempotent producer numbers its messages per partition; concurrent sends can reach the broker out of
  // order and be refused (OutOfOrderSequence). Sends go one at a time, and a producer that failed is replaced.
  let sending: Promise<unknown> = Promise.resolve()
  function sendInOrder(events: readonly EventEnvelope[]): Promise<void> {
    const send = async () => {
      try {
        await connectProducer().send({
          messages: events.map((event) => ({
            topic: topicOf(event.type),
            key: event.key,
            value: JSON.stringify(event),
            // The trace context as a header too, for tools that read Kafka's headers (we read the envelope's).
            headers: new Map<string, string>([
              ['type', event.type],
              ...(event.traceparent ? ([['traceparent', event.traceparent]] as const) : []),
            ]),
          })),
        })
      } catch (error) {
        const failed = producer
        producer = undefined
        await quietly(() => failed?.close(true))
        throw error
      }
    }
    const next = sending.then(send, send)
    sending = next.catch(() => {})
    return next
  }

  function connectProducer() {
    producer ??= new Producer({
      clientId: `${clientId}-producer`,
      bootstrapBrokers: brokers,
      serializers: stringSerializers,
      idempotent: true,
      acks: ProduceAcks.ALL,
      retries: 3,
      retryDelay: 250,
      timeout: 5_000,
    })
    return producer
  }

  /** One send for the batch (the idempotent producer keeps it in order per partition), all or none. */
  async function publishBatch(events: readonly EventEnvelope[]) {
    const groupsOf = (event: EventEnvelope) => subscriptions.filter((s) => s.types.has(event.type)).map((s) => s.group)
    for (const event of events) inFlight.add(event.id, groupsOf(event))
    try {
      // Sends of at most ~512 KB: brokers refuse a record batch over 1 MB by default.
      let chunk: EventEnvelope[] = []
      let bytes = 0
      for (const event of events) {
        const size = Buffer.byteLength(JSON.stringify(event))
        if (chunk.length > 0 && bytes + size > MAX_SEND_BYTES) {
          await sendInOrder(chunk)
          chunk = []
          bytes = 0
        }
        chunk.push(event)
        bytes += size
      }
      if (chunk.length > 0) await sendInOrder(chunk)
    } catch (error) {
      for (const event of events) inFlight.remove(event.id, groupsOf(event))
      throw error
    }
  }

  return {
    publish: (event: EventEnvelope) => publishBatch([event]),
    publishBatch,
    settle: () => inFlight.settled(),
    async consumerLag() {
      const lags = await Promise.all(
        running.map(async (r) => ({ group: r.group, stream: r.topic.slice(prefix.length), messages: await r.lag() })),
      )
      return lags.flatMap((lag) => (lag.messages === undefined ? [] : [{ ...lag, messages: lag.messages }]))
    },
    async ready() {
      try {
        await connectProducer().metadata({ topics: STREAMS.map((s) => `${prefix}${s}`) })
        return true
      } catch {
        return false
      }
    },
    subscribe(group, types, deliver) {
      subscriptions.push({ group, types: new Set(types), deliver })
    },
    async start() {
      await createTopics(
        options,
        STREAMS.map((s) => `${prefix}${s}`),
      )
      // One consumer group per service and stream: an event waiting for another stream (NotYetError) holds up
      // only its own stream, never the one that will deliver what it waits for.
      for (const subscription of subscriptions) {
        for (const topic of new Set([...subscription.types].map(topicOf))) {
          const applied = (id: string) => inFlight.remove(id, [subscription.group])
          running.push(consumeForever({ ...options, subscription, topic, log, applied }))
        }
      }
    },
    async stop() {
      await Promise.allSettled(running.map((r) => r.stop()))
      running.length = 0
      await producer?.close().catch(() => {})
      producer = undefined
    },
  }
}

async function createTopics(options: KafkaOptions, topics: string[]) {
  const admin = new Admin({ clientId: `${options.clientId}-admin`, bootstrapBrokers: options.brokers, timeout: 10_000 })
  try {
    const existing = new Set(await admin.listTopics())
    const missing = topics.filter((t) => !existing.has(t))
    if (missing.length === 0) return
    try {
      await admin.createTopics({
        topics: missing,
        partitions: options.partitions ?? 3,
        replicas: options.replicas ?? 1,
      })
    } catch (error) {
      // Another replica may have created them a moment ago; anything else is a real failure.
      const now = new Set(await admin.listTopics())
      if (!missing.every((t) => now.has(t))) throw error
    }
  } finally {
    await admin.close().catch(() => {})
  }
}

/**
 * One consumer group member, kept alive across broker outages: when its connection fails it reconnects and
 * resumes from the last committed offset.
 */
/** The most bytes of events one send carries. */
const MAX_SEND_BYTES = 512 * 1024

function consumeForever(
  options: KafkaOptions & { subscription: Subscription; topic: string; applied: (eventId: string) => void },
) {
  const { subscription, topic, log } = options
  let stopped = false
  let consumer: Consumer<string, string, string, string> | undefined
  let wake: (() => void) | undefined
  /** The consume call in flight: closing the consumer under it makes its stream fail with no one listening. */
  let starting: Promise<unknown> | undefined
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })

  const loop = (async () => {
    while (!stopped) {
      try {
        consumer = new Consumer({
          groupId: `${subscription.group}.${topic}`,
          clientId: `${options.clientId}-${subscription.group}`,
          bootstrapBrokers: options.brokers,
          deserializers: stringDeserializers,
          autocommit: false,
          sessionTimeout: 10_000,
          heartbeatInterval: 1_000,
          timeout: 5_000,
        })
        const consuming = consumer.consume({
          topics: [topic],
          mode: 'committed',
          fallbackMode: 'earliest',
          autocommit: false,
        })
        starting = consuming
        const stream = await consuming
        // Its failures also end the loop below; a listener keeps one that happens first from crashing the process.
        stream.on('error', (error) => {
          if (!stopped) log.debug({ err: error, group: subscription.group }, 'kafka stream failed')
        })
        const messages = stream[Symbol.asyncIterator]()
        for (;;) {
          const next = await messages.next()
          if (next.done || stopped) break
          // What the stream already holds goes with it, as one batch: one inbox transaction for all of them.
          const batch = [next.value]
          for (let more = stream.read(); more !== null; more = batch.length < MAX_BATCH ? stream.read() : null) {
            batch.push(more)
          }
          const events = batch.map((message) => parseEnvelope(message.value))
          // Unknown types a group does not consume pass by; anything unreadable goes to the inbox, which parks it.
          const wanted = events.filter((event) => subscription.types.has(event.type) || !(event.type in EVENT_SCHEMAS))
          if (wanted.length > 0) await deliverUntilApplied(wanted)
          // Committing a partition's last message commits everything before it in that partition.
          const lastOfPartition = new Map(batch.map((message) => [message.partition, message]))
          for (const message of lastOfPartition.values()) await message.commit()
          for (const event of events) options.applied(event.id)
        }
      } catch (error) {
        if (!stopped) log.warn({ err: error, group: subscription.group }, 'kafka consumer lost; reconnecting')
      } finally {
        await quietly(() => consumer?.close(true))
        consumer = undefined
      }
      if (!stopped) await sleep(1_000)
    }
  })()

  /** The inbox delivery already retries and parks failing handlers; this only outlasts an unreachable database. */
  async function deliverUntilApplied(events: EventEnvelope[]) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await subscription.deliver(events)
      } catch (error) {
        if (stopped) throw error
        log.warn(
          { err: error, group: subscription.group, eventId: events[0]?.id, events: events.length, attempt },
          'could not apply events; retrying',
        )
        await sleep(Math.min(30_000, 500 * 2 ** Math.min(attempt, 6)))
      }
    }
  }

  return {
    group: subscription.group,
    topic,
    /** Messages past the committed offset on this member's partitions (the broker's end offsets, asked now). */
    async lag(): Promise<number | undefined> {
      const partitions = (await consumer?.getLag({ topics: [topic] }))?.get(topic)
      // -1: a partition another member of the group holds.
      return partitions?.reduce((sum, lag) => (lag >= 0n ? sum + Number(lag) : sum), 0)
    },
    async stop() {
      stopped = true
      wake?.()
      await quietly(() => starting)
      await quietly(() => consumer?.close(true))
      await loop
    },
  }
}
