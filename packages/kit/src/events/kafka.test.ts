import { randomBytes } from 'node:crypto'
import { Producer, stringSerializers } from '@platformatic/kafka'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../log/log.ts'
import { externalServices } from '../testing/external.ts'
import { createKafkaTransport } from './kafka.ts'

const brokers = externalServices.kafkaBrokers

describe.runIf(brokers.length > 0)('the Kafka transport', () => {
  it('stops cleanly when stopped while its consumers are still starting', async () => {
    const unhandled: unknown[] = []
    const record = (error: unknown) => unhandled.push(error)
    process.on('uncaughtException', record)
    try {
      // Stopped at different moments of joining the group: before, during and after the consume call.
      for (const delayMs of [0, 10, 30, 60, 100, 200, 400]) {
        const transport = createKafkaTransport({
          brokers,
          clientId: 'ambassador-test',
          topicPrefix: `stop-${randomBytes(4).toString('hex')}-`,
          log: createLogger('silent'),
          partitions: 1,
        })
        transport.subscribe('test', ['user.updated'], async () => {})
        await transport.start()
        await new Promise((resolve) => setTimeout(resolve, delayMs))
        await transport.stop()
      }
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(unhandled).toEqual([])
    } finally {
      process.off('uncaughtException', record)
    }
  })

  it('hands an unreadable message on (for the inbox to park) and goes on with the next', async () => {
    const prefix = `unreadable-${randomBytes(4).toString('hex')}-`
    const transport = createKafkaTransport({
      brokers,
      clientId: 'ambassador-test',
      topicPrefix: prefix,
      log: createLogger('silent'),
      partitions: 1,
    })
    const delivered: string[] = []
    transport.subscribe('test', ['user.updated'], async (events) => {
      for (const event of events) delivered.push(event.type)
    })
    await transport.start()
    const producer = new Producer({
      clientId: 'ambassador-test-raw',
      bootstrapBrokers: brokers,
      serializers: stringSerializers,
    })
    await producer.send({ messages: [{ topic: `${prefix}users`, key: 'k', value: 'this is not JSON' }] })
    await producer.close()
    const user = { id: 'k', first_name: 'A', last_name: 'B', email: 'a@b.co', role: 'ambassador' as const }
    await transport.publish({
      id: crypto.randomUUID(),
      type: 'user.updated',
      version: 1,
      occurredAt: new Date().toISOString(),
      key: 'k',
      data: user,
    })
    await transport.settle?.()
    expect(delivered).toEqual(['unreadable', 'user.updated'])
    await transport.stop()
  })
})

describe.runIf(brokers.length > 0)('the Kafka transport’s consumer lag (for /metrics)', () => {
  it('counts the messages past the group’s committed offset while they wait, and none once applied', async () => {
    const transport = createKafkaTransport({
      brokers,
      clientId: 'ambassador-test',
      topicPrefix: `lag-${randomBytes(4).toString('hex')}-`,
      log: createLogger('silent'),
      partitions: 1,
    })
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    let delivered = 0
    transport.subscribe('lagging', ['user.updated'], async (events) => {
      delivered += events.length
      await held
    })
    await transport.start()
    const user = { id: 'k', first_name: 'A', last_name: 'B', email: 'a@b.co', role: 'ambassador' as const }
    const event = () => ({
      id: crypto.randomUUID(),
      type: 'user.updated' as const,
      version: 1,
      occurredAt: new Date().toISOString(),
      key: 'k',
      data: user,
    })
    await transport.publishBatch?.([event(), event(), event()])
    const until = async (done: () => boolean | Promise<boolean>) => {
      for (let i = 0; i < 200 && !(await done()); i++) await new Promise((resolve) => setTimeout(resolve, 50))
    }
    await until(() => delivered > 0)
    expect(await transport.consumerLag?.()).toEqual([{ group: 'lagging', stream: 'users', messages: 3 }])
    release()
    await transport.settle?.()
    await until(async () => (await transport.consumerLag?.())?.[0]?.messages === 0)
    expect(await transport.consumerLag?.()).toEqual([{ group: 'lagging', stream: 'users', messages: 0 }])
    await transport.stop()
  })
})
