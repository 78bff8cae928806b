import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Session } from '../../../scripts/black-box-journey.ts'
import {
  brokerFaultTests,
  type DistributedStack,
  stackAdmin,
  startDistributedStack,
  waitFor,
} from './testing/distributed-stack.ts'

/**
 * The distributed platform on RabbitMQ (`npm run dist:up -- --broker rabbitmq`), with the same broker faults as on
 * Kafka: its own RabbitMQ node (scripts/rabbitmq.sh) stopped while 200 orders are placed and paid, and a consumer
 * killed mid-stream. Runs when the distributed tests do and RabbitMQ is asked for (CI asks for both).
 */
const required = process.env.TEST_REQUIRE ?? ''
const distributed = process.env.TEST_DISTRIBUTED === '1' || required.includes('distributed')
const rabbitmq = Boolean(process.env.TEST_RABBITMQ_URL) || required.includes('rabbitmq')
let stack: DistributedStack

describe.runIf(distributed && rabbitmq)('the distributed platform on RabbitMQ', () => {
  beforeAll(async () => {
    stack = await startDistributedStack('rabbitmq')
  }, 240_000)

  afterAll(async () => {
    await stack?.down()
  }, 120_000)

  it('runs every service on RabbitMQ: a quorum queue with its consumer per group, each service healthy', async () => {
    // Each consumer attaches on its own connection, moments after its service reported ready.
    const queues = await waitFor(
      async () => {
        const { stdout } = (await stack.script('rabbitmq.sh', 'queues')) as { stdout: string }
        const listed = stdout
          .trim()
          .split('\n')
          .map((line) => line.split('\t'))
        const ours = listed.filter(([name]) => name !== 'dead-letters')
        return ours.length > 5 && ours.every(([, , consumers]) => Number(consumers) > 0) ? listed : undefined
      },
      20_000,
      'a consumer on every queue',
    )
    for (const service of ['ambassador', 'checkout', 'email', 'notifications', 'analytics']) {
      const own = queues.filter(([name]) => name?.startsWith(`${service}.`))
      expect(own.length, service).toBeGreaterThan(1) // at least a stream's queue and the group's dead letters
      for (const [name, type] of own) expect(type, String(name)).toBe('quorum')
    }
    const boss = new Session(stack.gateway)
    // Analytics answers its health to admins only (it reports on the business, not just the process).
    expect((await boss.call('POST', '/api/admin/login', stackAdmin)).status).toBe(200)
    for (const service of ['users', 'admin', 'ambassador', 'checkout', 'email', 'notifications', 'analytics']) {
      const health = await boss.call('GET', `/api/${service}/health`)
      expect(health.status, `${service}: ${JSON.stringify(health.body)}`).toBe(200)
      expect(health.body, service).toMatchObject({ checks: { broker: { ok: true } } })
    }
  })

  brokerFaultTests(() => stack)
})
