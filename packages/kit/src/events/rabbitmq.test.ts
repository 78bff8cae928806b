import { spawn } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import net from 'node:net'
import type { EventEnvelope } from '@ambassador/contracts/events'
import { connect, type Options } from 'amqplib'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../log/log.ts'
import { externalServices } from '../testing/external.ts'
import { STREAMS } from './broker-delivery.ts'
import { createRabbitMqTransport } from './rabbitmq.ts'
import type { EventTransport } from './transport.ts'

const url = externalServices.rabbitmqUrl

describe.runIf(url)('the RabbitMQ transport', () => {
  const rabbitUrl = url ?? ''
  const started: EventTransport[] = []
  const prefixes: string[] = []
  const uniquePrefix = (name: string) => {
    const prefix = `${name}-${randomBytes(4).toString('hex')}.`
    prefixes.push(prefix)
    return prefix
  }
  const transport = (prefix: string) => {
    const created = createRabbitMqTransport({
      url: rabbitUrl,
      clientId: 'ambassador-test',
      prefix,
      log: createLogger('silent'),
    })
    started.push(created)
    return created
  }

  afterEach(async () => {
    await Promise.all(started.splice(0).map((t) => t.stop()))
    for (const prefix of prefixes.splice(0)) await deleteTopology(prefix)
  })

  it('stops cleanly when stopped while its consumers are still starting', async () => {
    const unhandled: unknown[] = []
    const record = (error: unknown) => unhandled.push(error)
    process.on('uncaughtException', record)
    process.on('unhandledRejection', record)
    try {
      for (const delayMs of [0, 5, 10, 30, 60, 100, 200]) {
        const events = createRabbitMqTransport({
          url: rabbitUrl,
          clientId: 'ambassador-test',
          prefix: uniquePrefix('stop'),
          log: createLogger('silent'),
        })
        events.subscribe('test', ['user.updated'], async () => {})
        await events.start()
        await new Promise((resolve) => setTimeout(resolve, delayMs))
        await events.stop()
      }
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(unhandled).toEqual([])
    } finally {
      process.off('uncaughtException', record)
      process.off('unhandledRejection', record)
    }
  })

  it('hands an unreadable message on (for the inbox to park) and goes on with the next', async () => {
    const prefix = uniquePrefix('unreadable')
    const events = transport(prefix)
    const delivered: string[] = []
    events.subscribe('test', ['user.updated'], async (batch) => {
      for (const event of batch) delivered.push(event.type)
    })
    await events.start()
    await publishRaw(`${prefix}users`, 'user.updated', 'this is not JSON')
    await events.publish(userUpdated('k', 'A'))
    await events.settle?.()
    expect(delivered).toEqual(['unreadable', 'user.updated'])
  })

  it('parks in the group’s dead letters, with the broker’s reason, what the broker dead-letters from its queues', async () => {
    const prefix = uniquePrefix('dead')
    const declare = transport(prefix)
    declare.subscribe('test', ['user.updated'], async () => {})
    declare.subscribe('other', ['order.completed'], async () => {})
    await declare.start()
    await declare.stop()
    // Expired while no consumer was there: at the head of the queue, the broker dead-letters it instead.
    const expired = userUpdated('k', 'Late')
    await publishRaw(`${prefix}users`, 'user.updated', JSON.stringify(expired), { expiration: '1' })
    await new Promise((resolve) => setTimeout(resolve, 100))

    const delivered: string[] = []
    const parked: { group: string; id: string; reason: string }[] = []
    const deliveryOf = (group: string) =>
      Object.assign(async (batch: readonly EventEnvelope[]) => void delivered.push(...batch.map((e) => e.id)), {
        park: async (event: EventEnvelope, reason: string) => void parked.push({ group, id: event.id, reason }),
      })
    const events = transport(prefix)
    events.subscribe('test', ['user.updated'], deliveryOf('test'))
    events.subscribe('other', ['order.completed'], deliveryOf('other'))
    await events.start()
    const after = userUpdated('k', 'OnTime')
    await events.publish(after)
    await events.settle?.()
    await expect.poll(() => parked).toHaveLength(1)
    expect(parked[0]).toEqual({
      group: 'test',
      id: expired.id,
      reason: `RabbitMQ dead-lettered it from ${prefix}test.users (expired)`,
    })
    expect(delivered).toEqual([after.id])
    // The other group got its copy of the dead letter too, and left it: it never came from its queues.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(parked).toHaveLength(1)
  })

  it('leaves a dead letter in the broker’s queue for a group that cannot park it, never acked and lost', async () => {
    const prefix = uniquePrefix('unparked')
    const declare = transport(prefix)
    declare.subscribe('test', ['user.updated'], async () => {})
    await declare.start()
    await declare.stop()
    await publishRaw(`${prefix}users`, 'user.updated', JSON.stringify(userUpdated('k', 'Late')), { expiration: '1' })
    await new Promise((resolve) => setTimeout(resolve, 100))

    const events = transport(prefix)
    events.subscribe('test', ['user.updated'], async () => {}) // a delivery without `park`
    await events.start()
    await events.publish(userUpdated('k', 'OnTime'))
    await events.settle?.()
    await new Promise((resolve) => setTimeout(resolve, 300))
    const connection = await connect(rabbitUrl)
    try {
      const channel = await connection.createChannel()
      expect((await channel.checkQueue(`${prefix}test.dead-letters`)).messageCount).toBe(1)
    } finally {
      await connection.close()
    }
  })

  it('keeps each aggregate’s events in order across two replicas of a group, published concurrently', async () => {
    const prefix = uniquePrefix('order')
    const received: EventEnvelope[] = []
    const consume = async (batch: readonly EventEnvelope[]) => {
      // Uneven handling times, so a second consumer taking part would show up as reordering.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5))
      received.push(...batch)
    }
    const replicas = [transport(prefix), transport(prefix)]
    for (const replica of replicas) replica.subscribe('test', ['user.updated'], consume)
    for (const replica of replicas) await replica.start()

    const keys = Array.from({ length: 8 }, (_, i) => `user-${i}`)
    const perKey = 40
    // Each key's events in order, the keys side by side, from both replicas' publishers: the queue fills faster
    // than it is consumed, so a second active consumer would take part.
    await Promise.all(
      keys.map(async (key, k) => {
        const events = Array.from({ length: perKey }, (_, n) => userUpdated(key, String(n)))
        await replicas[k % 2]?.publishBatch?.(events.slice(0, perKey / 2))
        for (const event of events.slice(perKey / 2)) await replicas[k % 2]?.publish(event)
      }),
    )
    await waitUntil(() => received.length >= keys.length * perKey)

    expect(received).toHaveLength(keys.length * perKey)
    for (const key of keys) {
      const names = received.filter((e) => e.key === key).map((e) => (e.data as { first_name: string }).first_name)
      expect(names).toEqual(Array.from({ length: perKey }, (_, n) => String(n)))
    }
  })

  it('delivers again, in order, what a consumer had received but not acked when it was killed', async () => {
    const prefix = uniquePrefix('killed')
    // The doomed consumer: another process that takes the events and never finishes applying them.
    const doomed = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `
        const { createRabbitMqTransport } = await import(${JSON.stringify(new URL('./rabbitmq.ts', import.meta.url).href)})
        const { createLogger } = await import(${JSON.stringify(new URL('../log/log.ts', import.meta.url).href)})
        const events = createRabbitMqTransport({ url: process.env.AMQP_URL, clientId: 'doomed', prefix: process.env.PREFIX, log: createLogger('silent') })
        events.subscribe('test', ['user.updated'], (batch) => {
          for (const event of batch) process.stdout.write('got ' + event.id + '\\n')
          return new Promise(() => {})
        })
        await events.start()
        process.stdout.write('started\\n')
        `,
      ],
      { env: { ...process.env, AMQP_URL: rabbitUrl, PREFIX: prefix }, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let output = ''
    doomed.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    const exited = new Promise((resolve) => doomed.once('exit', resolve))
    try {
      await waitUntil(() => output.includes('started') || doomed.exitCode !== null)
      expect(output).toContain('started')

      const publisher = transport(prefix)
      const sent = Array.from({ length: 5 }, (_, n) => userUpdated('same-user', String(n)))
      for (const event of sent) await publisher.publish(event)
      // It holds the first event unacked (the rest wait behind it, in its prefetch or in the queue).
      await waitUntil(() => output.includes(`got ${sent[0]?.id}`) || doomed.exitCode !== null)
      expect(output).toContain(`got ${sent[0]?.id}`)
    } finally {
      doomed.kill('SIGKILL')
      await exited
    }

    const survivor = transport(prefix)
    const received: string[] = []
    survivor.subscribe('test', ['user.updated'], async (batch) => {
      for (const event of batch) received.push((event.data as { first_name: string }).first_name)
    })
    await survivor.start()
    await waitUntil(() => received.length >= 5)
    expect(received).toEqual(['0', '1', '2', '3', '4'])
  })

  it('fails a publish while the broker is unreachable and publishes again once it is back', async () => {
    const target = new URL(rabbitUrl)
    const proxy = await startProxy(target.hostname, Number(target.port || 5672))
    const viaProxy = new URL(rabbitUrl)
    viaProxy.port = String(proxy.port)
    const prefix = uniquePrefix('outage')
    const events = createRabbitMqTransport({
      url: viaProxy.href,
      clientId: 'ambassador-test',
      prefix,
      log: createLogger('silent'),
    })
    started.push(events)
    const names: string[] = []
    events.subscribe('test', ['user.updated'], async (batch) => {
      for (const event of batch) names.push((event.data as { first_name: string }).first_name)
    })
    try {
      await events.start()
      await events.publish(userUpdated('k', 'before'))
      expect(await events.ready()).toBe(true)

      await proxy.cut()
      await expect(events.publish(userUpdated('k', 'during'))).rejects.toThrow()
      expect(await events.ready()).toBe(false)

      await proxy.restore()
      await events.publish(userUpdated('k', 'after'))
      expect(await events.ready()).toBe(true)
      await waitUntil(() => names.includes('after'))
      // 'before' may come twice (its ack can be cut off with the connection); the inbox skips such a repeat.
      expect([...new Set(names)]).toEqual(['before', 'after'])
    } finally {
      await events.stop()
      await proxy.close()
    }
  })
})

function userUpdated(key: string, firstName: string): EventEnvelope {
  return {
    id: randomUUID(),
    type: 'user.updated',
    version: 1,
    occurredAt: new Date().toISOString(),
    key,
    data: { id: key, first_name: firstName, last_name: 'B', email: 'a@b.co', role: 'ambassador' },
  } as EventEnvelope
}

async function publishRaw(exchange: string, routingKey: string, body: string, options: Options.Publish = {}) {
  const model = await connect(externalServices.rabbitmqUrl ?? '')
  try {
    const channel = await model.createConfirmChannel()
    channel.publish(exchange, routingKey, Buffer.from(body), { persistent: true, ...options })
    await channel.waitForConfirms()
  } finally {
    await model.close()
  }
}

/** Durable queues and exchanges outlive a test run: each test's go when it is done. */
async function deleteTopology(prefix: string) {
  const model = await connect(externalServices.rabbitmqUrl ?? '')
  try {
    const channel = await model.createChannel()
    const queues = ['test.users', 'test.dead-letters', 'other.orders', 'other.dead-letters', 'dead-letters']
    for (const queue of queues) await channel.deleteQueue(`${prefix}${queue}`)
    for (const exchange of [...STREAMS, 'dead-letters']) await channel.deleteExchange(`${prefix}${exchange}`)
  } finally {
    await model.close()
  }
}

/** Waits for something the broker brings about; the test's own timeout bounds it. */
async function waitUntil(done: () => boolean) {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 20))
}

/** A TCP proxy in front of the broker whose connections can be cut, and refused, until it is restored. */
async function startProxy(host: string, port: number) {
  const sockets = new Set<net.Socket>()
  let refusing = false
  const server = net.createServer((client) => {
    if (refusing) {
      client.destroy()
      return
    }
    const upstream = net.connect(port, host)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => {})
    }
    client.pipe(upstream).pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as net.AddressInfo
  return {
    port: address.port,
    async cut() {
      refusing = true
      for (const socket of sockets) socket.destroy()
    },
    async restore() {
      refusing = false
    },
    close: () => {
      for (const socket of sockets) socket.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
