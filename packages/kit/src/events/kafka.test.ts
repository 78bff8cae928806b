import { randomBytes } from 'node:crypto'
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
})
