import type { EventEnvelope } from '@ambassador/contracts/events'
import { systemClock } from '@ambassador/kit/clock/clock'
import { type DatabasePool, inTransaction, openDatabase } from '@ambassador/kit/db/database'
import { migrateSchema } from '@ambassador/kit/db/migrate'
import { notYet } from '@ambassador/kit/errors/errors'
import { createInboxDelivery } from '@ambassador/kit/events/inbox'
import { createOutbox, type Outbox } from '@ambassador/kit/events/outbox'
import { createRelay } from '@ambassador/kit/events/relay'
import { pruneEventTables } from '@ambassador/kit/events/retention'
import type { EventTransport } from '@ambassador/kit/events/transport'
import { eventProblem } from '@ambassador/kit/events/validate'
import { newId } from '@ambassador/kit/ids/ids'
import { createLogger } from '@ambassador/kit/log/log'
import { findFreePort } from '@ambassador/kit/process/process'
import { createTestDatabase } from '@ambassador/kit/testing/database'
import { usersService } from '@ambassador/users'
import { asc, isNull } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

// The kit's outbox, relay and inbox on a real database, using the users schema's event tables.
const { tables } = usersService
const log = createLogger('silent')
let database: DatabasePool

beforeAll(async () => {
  database = openDatabase(await createTestDatabase(), 4, () => {})
  await migrateSchema(database.pool, 'users', usersService.migrationsFolder)
})
afterAll(() => database?.close())
beforeEach(async () => {
  await database.db.delete(tables.outbox)
  await database.db.delete(tables.inbox)
  await database.db.delete(tables.deadLetters)
})

/** A transport that records what it was given and refuses the publishes we tell it to. */
function recordingTransport(refuse: (event: EventEnvelope, attempt: number) => boolean) {
  const published: string[] = []
  let attempt = 0
  const transport: EventTransport = {
    async publish(event) {
      attempt++
      if (refuse(event, attempt)) throw Object.assign(new Error('broker unavailable'), { code: 'ECONNREFUSED' })
      published.push(event.key)
    },
    subscribe() {},
    async start() {},
    async stop() {},
    async ready() {
      return true
    },
  }
  return { transport, published }
}

async function addEvents(keys: string[]) {
  const outbox = createOutbox('users', tables, systemClock)
  for (const key of keys) {
    await inTransaction(database.db, (tx) =>
      outbox.add(tx, {
        type: 'user.updated',
        key,
        data: { id: key, first_name: 'A', last_name: 'B', email: 'a@b.co', role: 'ambassador' },
      }),
    )
  }
}

function relayOver(transport: EventTransport) {
  return createRelay({
    schema: 'users',
    pool: database.pool,
    databaseUrl: database.url,
    transport,
    clock: systemClock,
    log,
  })
}

describe('the outbox relay', () => {
  it('keeps what went out marked when a later publish fails, and resumes in order', async () => {
    await addEvents(['a', 'b', 'c', 'd'])
    const { transport, published } = recordingTransport((event, attempt) => event.key === 'c' && attempt === 3)
    const relay = relayOver(transport)
    await expect(relay.runOnce()).rejects.toThrow('broker unavailable')
    const unpublished = await database.db
      .select()
      .from(tables.outbox)
      .where(isNull(tables.outbox.publishedAt))
      .orderBy(asc(tables.outbox.position))
    expect(unpublished.map((row) => row.key)).toEqual(['c', 'd'])
    expect(await relay.runOnce()).toBe(2)
    expect(published).toEqual(['a', 'b', 'c', 'd'])
  })

  it('hands a transport that takes batches all pending events at once, in order', async () => {
    await addEvents(['a', 'b', 'c'])
    const batches: string[][] = []
    const { transport } = recordingTransport(() => false)
    transport.publishBatch = async (events) => {
      batches.push(events.map((e) => e.key))
    }
    expect(await relayOver(transport).runOnce()).toBe(3)
    expect(batches).toEqual([['a', 'b', 'c']])
    expect(await relayOver(transport).runOnce()).toBe(0)
  })

  it('lets only one relay publish a schema at a time', async () => {
    await addEvents(['a', 'b', 'c'])
    const { transport, published } = recordingTransport(() => false)
    const counts = await Promise.all([
      relayOver(transport).runOnce(),
      relayOver(transport).runOnce(),
      relayOver(transport).runOnce(),
    ])
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(3)
    expect(published).toEqual(['a', 'b', 'c'])
  })
})

describe('inbox delivery', () => {
  const event = (): EventEnvelope => ({
    id: newId(),
    type: 'user.updated',
    version: 1,
    occurredAt: new Date().toISOString(),
    key: 'k',
    data: { id: 'k', first_name: 'A', last_name: 'B', email: 'a@b.co', role: 'ambassador' },
  })
  const deliveryThat = (apply: (event: EventEnvelope) => Promise<void>) =>
    createInboxDelivery({
      service: 'users',
      consumer: 'test',
      db: database.db,
      tables,
      outbox: createOutbox('users', tables, systemClock),
      log,
      retry: { attempts: 3, baseDelayMs: 1 },
      apply: async (_tx, event) => {
        await apply(event)
        return async () => {}
      },
    })

  it('parks, with the reason and without applying it, an event whose data does not fit its type', async () => {
    const applied: string[] = []
    const deliver = deliveryThat(async (e) => {
      applied.push(e.id)
    })
    const good = event()
    const malformed = {
      ...event(),
      data: { id: 'k', first_name: 42, last_name: 'B', email: 'a@b.co', role: 'ambassador' },
    } as unknown as EventEnvelope
    await deliver([good, malformed])
    expect(applied).toEqual([good.id])
    const [parked] = await database.db.select().from(tables.deadLetters)
    expect(parked).toMatchObject({ eventId: malformed.id, attempts: 0 })
    expect(parked?.error).toMatch(/first_name/)
  })

  it('parks an event of a version it does not know, and one of a type it does not know', async () => {
    const applied: string[] = []
    const deliver = deliveryThat(async (e) => {
      applied.push(e.id)
    })
    const future = { ...event(), version: 2 }
    const stranger = { ...event(), type: 'user.deleted' } as unknown as EventEnvelope
    await deliver([future])
    await deliver([stranger])
    expect(applied).toEqual([])
    const parked = await database.db.select().from(tables.deadLetters)
    expect(parked.map((row) => row.error).join('\n')).toMatch(/version 2[\s\S]*user\.deleted/)
  })

  it('applies a batch in order, and skips what an earlier delivery already applied', async () => {
    const applied: string[] = []
    const deliver = deliveryThat(async (e) => {
      applied.push(e.id)
    })
    const [a, b, c] = [event(), event(), event()]
    await deliver([a, b])
    await deliver([a, b, c, c])
    expect(applied).toEqual([a.id, b.id, c.id])
  })

  it('applies the rest of a batch when one of its events keeps failing, and parks only that one', async () => {
    const [a, poison, c] = [event(), event(), event()]
    const applied: string[] = []
    await deliveryThat(async (e) => {
      if (e.id === poison.id) throw new Error('cannot apply this')
      applied.push(e.id)
    })([a, poison, c])
    // The batch was rolled back and redone event by event: a and c are applied, the poison is not.
    expect(new Set(applied)).toEqual(new Set([a.id, c.id]))
    const inbox = await database.db.select().from(tables.inbox)
    expect(inbox.map((row) => row.eventId).sort()).toEqual([a.id, poison.id, c.id].sort())
    expect(await database.db.select().from(tables.deadLetters)).toMatchObject([{ eventId: poison.id }])
  })

  it('applies an event once however often it arrives', async () => {
    let applied = 0
    const deliver = deliveryThat(async () => {
      applied++
    })
    const once = event()
    await Promise.all([deliver([once]), deliver([once])])
    await deliver([once])
    expect(applied).toBe(1)
  })

  it('parks an event its handler keeps refusing, and goes on with the next', async () => {
    const poison = event()
    await deliveryThat(async () => {
      throw new Error('cannot apply this')
    })([poison])
    const parked = await database.db.select().from(tables.deadLetters)
    expect(parked).toMatchObject([
      { eventId: poison.id, consumer: 'test', attempts: 3, error: 'Error: cannot apply this' },
    ])
    let applied = 0
    await deliveryThat(async () => {
      applied++
    })([event()])
    expect(applied).toBe(1)
  })

  it('hands back an event that waits for another stream, and parks it only once it has waited an hour', async () => {
    const waiting = event()
    await expect(
      deliveryThat(async () => Promise.reject(notYet('ambassador not known yet')))([waiting]),
    ).rejects.toThrow('not known yet')
    expect(await database.db.select().from(tables.deadLetters)).toEqual([])
    const stale = { ...event(), occurredAt: new Date(Date.now() - 61 * 60 * 1000).toISOString() }
    await deliveryThat(async () => Promise.reject(notYet('ambassador not known yet')))([stale])
    expect(await database.db.select().from(tables.deadLetters)).toMatchObject([{ eventId: stale.id }])
  })

  it('hands an event back to the transport, unparked, while the database is unreachable', async () => {
    const later = event()
    // A real unreachable database: a pool pointed at a port nothing listens on.
    const port = await findFreePort()
    const gone = openDatabase(`postgres://nobody@127.0.0.1:${port}/none`, 1, () => {})
    const deliverWithoutDatabase = createInboxDelivery({
      service: 'users',
      consumer: 'test',
      db: gone.db,
      tables,
      outbox: createOutbox('users', tables, systemClock),
      log,
      retry: { attempts: 2, baseDelayMs: 1 },
      apply: async () => async () => {},
    })
    await expect(deliverWithoutDatabase([later])).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    await gone.close()
    expect(await database.db.select().from(tables.deadLetters)).toEqual([])
    let applied = 0
    await deliveryThat(async () => {
      applied++
    })([later])
    expect(applied).toBe(1)
  })
})

describe('announcing parked events', () => {
  const userData = { id: 'k', first_name: 'A', last_name: 'B', email: 'a@b.co', role: 'ambassador' }
  const refused = (type: EventEnvelope['type'] = 'user.updated', data: unknown = userData): EventEnvelope =>
    ({ id: newId(), type, version: 1, occurredAt: new Date().toISOString(), key: 'k', data }) as EventEnvelope
  const refusing = (message: string, outbox = createOutbox('users', tables, systemClock)) =>
    createInboxDelivery({
      service: 'users',
      consumer: 'email',
      db: database.db,
      tables,
      outbox,
      log,
      retry: { attempts: 2, baseDelayMs: 1 },
      apply: async () => {
        throw new Error(message)
      },
    })
  const announcements = () => database.db.select().from(tables.outbox)

  it('announces a refused event once, in a dead_letter.parked that fits the contracts, however often it comes', async () => {
    const poison = refused()
    const deliver = refusing('no such ambassador')
    await deliver([poison])
    await deliver([poison])
    const [parked, ...moreParked] = await database.db.select().from(tables.deadLetters)
    expect(moreParked).toEqual([])
    const [announced, ...moreAnnounced] = await announcements()
    expect(moreAnnounced).toEqual([])
    expect(announced).toMatchObject({ type: 'dead_letter.parked', key: 'email', publishedAt: null })
    expect(announced?.data).toEqual({
      service: 'users',
      consumer: 'email',
      dead_letter_id: parked?.id,
      event_id: poison.id,
      event_type: 'user.updated',
      error: 'Error: no such ambassador',
      attempts: 2,
      parked_at: new Date(parked?.createdAt ?? '').toISOString(),
    })
    const { id, type, version, occurredAt, key, data } = announced as NonNullable<typeof announced>
    expect(eventProblem({ id, type, version, occurredAt, key, data })).toBeUndefined()
  })

  it('cuts the error to 500 characters in the announcement and keeps it whole in the dead letter', async () => {
    await refusing('x'.repeat(2_000))([refused()])
    const [parked] = await database.db.select().from(tables.deadLetters)
    expect(parked?.error).toHaveLength('Error: '.length + 2_000)
    const [announced] = await announcements()
    const error = (announced?.data as { error?: string } | undefined)?.error
    expect(error).toHaveLength(500)
    expect(error?.endsWith('…')).toBe(true)
  })

  it('announces an event parked for not fitting the contracts, with no attempts', async () => {
    await refusing('never called')([refused('user.updated', { id: 'k' })])
    const [announced] = await announcements()
    expect(announced?.data).toMatchObject({ event_type: 'user.updated', attempts: 0 })
  })

  it('parks a refused dead_letter.parked without announcing it again', async () => {
    const announcement = refused('dead_letter.parked', {
      service: 'checkout',
      consumer: 'checkout',
      dead_letter_id: newId(),
      event_id: newId(),
      event_type: 'order.completed',
      error: 'Error: boom',
      attempts: 4,
      parked_at: new Date().toISOString(),
    })
    await refusing('chat channels unavailable')([announcement])
    expect(await database.db.select().from(tables.deadLetters)).toMatchObject([{ eventId: announcement.id }])
    expect(await announcements()).toEqual([])
  })

  it('parks nothing when the announcement cannot be written: the event stays unapplied, to come again', async () => {
    const poison = refused()
    const broken: Outbox = {
      add: async () => {
        throw new Error('outbox unavailable')
      },
      flush: async () => {},
    }
    await expect(refusing('no such ambassador', broken)([poison])).rejects.toThrow('outbox unavailable')
    expect(await database.db.select().from(tables.deadLetters)).toEqual([])
    expect(await database.db.select().from(tables.inbox)).toEqual([])
  })
})

describe('event table retention', () => {
  it('prunes outbox rows published and inbox rows applied longer ago than the retention, and nothing else', async () => {
    const day = 86_400_000
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString()
    const data = { id: 'k', first_name: 'A', last_name: 'B', email: 'a@b.co', role: 'ambassador' }
    const row = (key: string, occurredDaysAgo: number, publishedDaysAgo: number | null) => ({
      id: newId(),
      type: 'user.updated',
      version: 1,
      key,
      data,
      occurredAt: at(occurredDaysAgo),
      publishedAt: publishedDaysAgo === null ? null : at(publishedDaysAgo),
    })
    await database.db.insert(tables.outbox).values([row('old', 10, 10), row('recent', 1, 1), row('stuck', 10, null)])
    const oldEvent = newId()
    const newEvent = newId()
    await database.db.insert(tables.inbox).values([
      { eventId: oldEvent, consumer: 'test', type: 'user.updated', processedAt: at(10) },
      { eventId: newEvent, consumer: 'test', type: 'user.updated', processedAt: at(0) },
    ])
    expect(await pruneEventTables(database.db, tables, systemClock, 7)).toBe(2)
    expect((await database.db.select().from(tables.outbox)).map((r) => r.key).sort()).toEqual(['recent', 'stuck'])
    expect((await database.db.select().from(tables.inbox)).map((r) => r.eventId)).toEqual([newEvent])
    expect(await pruneEventTables(database.db, tables, systemClock, 7)).toBe(0)
  })
})
