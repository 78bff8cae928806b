import { EVENT_SCHEMAS, type EventEnvelope, type EventType, streamOf } from '@ambassador/contracts/events'
import { type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage, connect } from 'amqplib'
import type { Logger } from '../log/log.ts'
import { createInFlight, MAX_BATCH, parseEnvelope, quietly, STREAMS } from './broker-delivery.ts'
import type { EventDelivery, EventTransport } from './transport.ts'

export type RabbitMqOptions = {
  url: string
  /** Names the connections in the broker's management views. */
  clientId: string
  log: Logger
  /** Prefix for exchange and queue names, so several deployments (or test runs) can share one broker. */
  prefix?: string
}

type Subscription = { group: string; types: Set<EventType>; deliver: EventDelivery }

/** How long a publish waits for the broker's confirm before it counts as failed (and is retried by the relay). */
const CONFIRM_TIMEOUT_MS = 10_000

/**
 * Events over RabbitMQ: one durable topic exchange per aggregate stream (routing key = event type), one durable
 * quorum queue per consumer group and stream (`<group>.<stream>`, bound to every type), consumed by a single
 * active consumer so the queue's order — the publish order, hence each aggregate's order — is the delivery order
 * even with several replicas. Publishing resolves on the broker's confirm (persistent messages on a confirm
 * channel); a message is acked only after its delivery resolved (the inbox committed or parked it), so what a
 * consumer had not acked when it died comes again. Messages the broker itself dead-letters (rejected too often, or
 * expired by an operator's policy) go to the `dead-letters` fanout exchange; each group keeps its own copy in
 * `<group>.dead-letters` and parks those that came from its queues in its service's dead letters, with the broker's
 * reason, where the admin sees and replays them like any other.
 */
export function createRabbitMqTransport(options: RabbitMqOptions): EventTransport {
  const { url, clientId, log } = options
  const prefix = options.prefix ?? ''
  const names = topologyNames(prefix)
  const subscriptions: Subscription[] = []
  const running: { stop(): Promise<void> }[] = []
  const inFlight = createInFlight('RabbitMQ')
  let publisher: Promise<{ model: ChannelModel; channel: ConfirmChannel }> | undefined

  function connectPublisher() {
    publisher ??= (async () => {
      const model = await connect(url, { clientProperties: { connection_name: `${clientId}-publisher` } })
      const forget = () => {
        if (publisher === current) publisher = undefined
      }
      model.on('error', (error) => log.debug({ err: error }, 'rabbitmq publisher connection failed'))
      model.on('close', forget)
      try {
        const channel = await model.createConfirmChannel()
        channel.on('error', (error) => log.debug({ err: error }, 'rabbitmq publisher channel failed'))
        channel.on('close', () => {
          forget()
          void quietly(() => model.close())
        })
        return { model, channel }
      } catch (error) {
        await quietly(() => model.close())
        throw error
      }
    })()
    const current = publisher
    current.catch(() => {
      if (publisher === current) publisher = undefined
    })
    return current
  }

  // Sends go one at a time: a batch that failed half-way must not be overtaken by the next one.
  let sending: Promise<unknown> = Promise.resolve()
  function sendInOrder(events: readonly EventEnvelope[]): Promise<void> {
    const send = async () => {
      const { model, channel } = await connectPublisher()
      try {
        await withTimeout(
          Promise.all(events.map((event) => publishConfirmed(channel, names.exchange(streamOf(event.type)), event))),
          CONFIRM_TIMEOUT_MS,
          'RabbitMQ did not confirm the events',
        )
      } catch (error) {
        // A channel that missed a confirm is not trusted again: the next send opens a new connection.
        publisher = undefined
        await quietly(() => model.close())
        throw error
      }
    }
    const next = sending.then(send, send)
    sending = next.catch(() => {})
    return next
  }

  async function publishBatch(events: readonly EventEnvelope[]) {
    const groupsOf = (event: EventEnvelope) => subscriptions.filter((s) => s.types.has(event.type)).map((s) => s.group)
    for (const event of events) inFlight.add(event.id, groupsOf(event))
    try {
      for (let i = 0; i < events.length; i += MAX_BATCH) await sendInOrder(events.slice(i, i + MAX_BATCH))
    } catch (error) {
      for (const event of events) inFlight.remove(event.id, groupsOf(event))
      throw error
    }
  }

  return {
    publish: (event: EventEnvelope) => publishBatch([event]),
    publishBatch,
    settle: () => inFlight.settled(),
    async ready() {
      try {
        const { model } = await connectPublisher()
        // A channel of its own: a failed check closes the channel it runs on.
        const channel = await model.createChannel()
        channel.on('error', () => {})
        try {
          await channel.checkExchange(names.exchange('users'))
        } finally {
          await quietly(() => channel.close())
        }
        return true
      } catch {
        return false
      }
    },
    subscribe(group, types, deliver) {
      subscriptions.push({ group, types: new Set(types), deliver })
    },
    async start() {
      const queues = subscriptions.flatMap((subscription) =>
        [...new Set([...subscription.types].map(streamOf))].map((stream) => ({ subscription, stream })),
      )
      // Exchanges and queues exist before start resolves: whatever is published from then on reaches every group.
      const model = await connect(url, { clientProperties: { connection_name: `${clientId}-setup` } })
      model.on('error', () => {})
      try {
        const channel = await model.createChannel()
        await declareTopology(channel, names)
        for (const { subscription, stream } of queues) {
          await declareQueue(channel, names, names.queue(subscription.group, stream), stream)
        }
        for (const { group } of subscriptions) {
          const queue = names.deadLetterQueue(group)
          await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } })
          await channel.bindQueue(queue, names.deadLetters, '')
        }
      } finally {
        await quietly(() => model.close())
      }
      for (const { subscription, stream } of queues) {
        const applied = (id: string) => inFlight.remove(id, [subscription.group])
        running.push(
          consumeForever({ ...options, subscription, queue: names.queue(subscription.group, stream), applied }),
        )
      }
      for (const subscription of subscriptions) {
        // A delivery that cannot park leaves its dead letters in the queue, for an operator, rather than lose them.
        if (!subscription.deliver.park) {
          log.warn({ group: subscription.group }, 'this group cannot park: its dead letters stay in RabbitMQ')
          continue
        }
        running.push(
          consumeForever({
            ...options,
            subscription,
            queue: names.deadLetterQueue(subscription.group),
            applied: () => {},
            deadLettersOf: names.queue(subscription.group, ''),
          }),
        )
      }
    },
    async stop() {
      await Promise.allSettled(running.map((r) => r.stop()))
      running.length = 0
      const closing = publisher
      publisher = undefined
      await quietly(async () => (await closing)?.model.close())
    },
  }
}

function topologyNames(prefix: string) {
  return {
    exchange: (stream: string) => `${prefix}${stream}`,
    queue: (group: string, stream: string) => `${prefix}${group}.${stream}`,
    deadLetters: `${prefix}dead-letters`,
    deadLetterQueue: (group: string) => `${prefix}${group}.dead-letters`,
  }
}

async function declareTopology(channel: Channel, names: ReturnType<typeof topologyNames>) {
  await channel.assertExchange(names.deadLetters, 'fanout', { durable: true })
  for (const stream of STREAMS) await channel.assertExchange(names.exchange(stream), 'topic', { durable: true })
}

async function declareQueue(channel: Channel, names: ReturnType<typeof topologyNames>, queue: string, stream: string) {
  await channel.assertQueue(queue, {
    durable: true,
    deadLetterExchange: names.deadLetters,
    arguments: { 'x-queue-type': 'quorum', 'x-single-active-consumer': true },
  })
  await channel.bindQueue(queue, names.exchange(stream), '#')
}

function publishConfirmed(channel: ConfirmChannel, exchange: string, event: EventEnvelope) {
  return new Promise<void>((resolve, reject) => {
    channel.publish(
      exchange,
      event.type,
      Buffer.from(JSON.stringify(event)),
      {
        persistent: true,
        contentType: 'application/json',
        messageId: event.id,
        type: event.type,
        headers: { key: event.key },
      },
      (error) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()),
    )
  })
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

/**
 * One consumer of a group's queue, kept alive across broker outages: when its connection fails it reconnects, and
 * the broker hands it again, in order, what it had not acked.
 */
function consumeForever(
  options: RabbitMqOptions & {
    subscription: Subscription
    queue: string
    applied: (eventId: string) => void
    /** Consumes a group's dead-letter queue: parks what came from queues named with this prefix, skips the rest. */
    deadLettersOf?: string
  },
) {
  const { subscription, queue, log } = options
  let stopped = false
  let model: ChannelModel | undefined
  let signalStop = () => {}
  const stopping = new Promise<void>((resolve) => {
    signalStop = resolve
  })
  const sleep = (ms: number) => {
    let timer: NodeJS.Timeout | undefined
    return Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), stopping]).finally(() =>
      clearTimeout(timer),
    )
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        await consumeUntilLost()
      } catch (error) {
        if (!stopped) log.warn({ err: error, queue }, 'rabbitmq consumer lost; reconnecting')
      } finally {
        await quietly(() => model?.close())
        model = undefined
      }
      if (!stopped) await sleep(1_000)
    }
  })()

  /** Consumes on one connection; returns (or throws) when that connection is gone or the consumer stopped. */
  async function consumeUntilLost() {
    const connection = await connect(options.url, {
      clientProperties: { connection_name: `${options.clientId}-${subscription.group}` },
    })
    model = connection
    const lost = new Promise<void>((resolve, reject) => {
      connection.on('error', (error) => reject(error))
      connection.on('close', () => resolve())
    })
    lost.catch(() => {})
    if (stopped) return
    const channel = await connection.createChannel()
    channel.on('error', (error) => log.debug({ err: error, queue }, 'rabbitmq consumer channel failed'))
    channel.on('close', () => void quietly(() => connection.close()))
    await channel.prefetch(MAX_BATCH)

    const received: ConsumeMessage[] = []
    let draining: Promise<void> | undefined
    const drain = async () => {
      while (received.length > 0 && !stopped) {
        const batch = received.splice(0, MAX_BATCH)
        if (options.deadLettersOf !== undefined) {
          for (const message of batch) await parkIfOurs(message, options.deadLettersOf)
          channel.ack(batch[batch.length - 1] as ConsumeMessage, true)
          continue
        }
        const events = batch.map((message) => parseEnvelope(message.content.toString('utf8')))
        // Unknown types a group does not consume pass by; anything unreadable goes to the inbox, which parks it.
        const wanted = events.filter((event) => subscription.types.has(event.type) || !(event.type in EVENT_SCHEMAS))
        if (wanted.length > 0) await deliverUntilApplied(wanted)
        // Acking the last message acks every earlier one of this channel too.
        channel.ack(batch[batch.length - 1] as ConsumeMessage, true)
        for (const event of events) options.applied(event.id)
      }
    }
    const failed = new Promise<never>((_, reject) => {
      const start = () => {
        draining ??= drain()
          .catch(reject)
          .finally(() => {
            draining = undefined
            if (received.length > 0 && !stopped) start()
          })
      }
      void channel
        .consume(
          queue,
          (message) => {
            // null: the broker cancelled the consumer (its queue was deleted).
            if (message === null) reject(new Error(`RabbitMQ cancelled the consumer of ${queue}`))
            else {
              received.push(message)
              start()
            }
          },
          { noAck: false },
        )
        .catch(reject)
    })
    failed.catch(() => {})
    await Promise.race([lost, failed, stopping])
    // What is being delivered finishes (or, when stopping, gives up) before the connection closes.
    await quietly(() => draining)
  }

  /** A dead-lettered message from one of the group's queues, parked with the broker's reason (until it is). */
  async function parkIfOurs(message: ConsumeMessage, queuePrefix: string) {
    const headers = message.properties.headers ?? {}
    const from = String(headers['x-first-death-queue'] ?? '')
    if (!from.startsWith(queuePrefix) || from === options.queue) return
    const event = parseEnvelope(message.content.toString('utf8'))
    const reason = `RabbitMQ dead-lettered it from ${from} (${String(headers['x-first-death-reason'] ?? 'unknown')})`
    const park = subscription.deliver.park as NonNullable<EventDelivery['park']> // only such groups consume these
    for (let attempt = 1; ; attempt++) {
      try {
        return await park(event, reason)
      } catch (error) {
        if (stopped) throw error
        log.warn({ err: error, group: subscription.group, eventId: event.id, attempt }, 'could not park; retrying')
        await sleep(Math.min(30_000, 500 * 2 ** Math.min(attempt, 6)))
      }
    }
  }

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
        if (stopped) throw error
      }
    }
  }

  return {
    async stop() {
      stopped = true
      signalStop()
      await loop
    },
  }
}
