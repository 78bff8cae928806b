import { hash, randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { LinkClicksRecordedData } from '@ambassador/contracts/events'
import type { Database } from '@ambassador/kit/db/database'
import type { Outbox } from '@ambassador/kit/events/outbox'
import { newId } from '@ambassador/kit/ids/ids'
import type { Logger } from '@ambassador/kit/log/log'
import { inArray } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import { getTableConfig } from 'drizzle-orm/pg-core'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { clickKeys, clicks, type DeviceClass, links } from '../schema.ts'

/**
 * A click as the page request saw it, waiting to be written: a row of `clicks` without its link (found by code when
 * it is written), in the columns' names.
 */
export type Click = {
  id: string
  code: string
  /** ISO timestamp. */
  clicked_at: string
  landing: string
  utm_source: string | null
  utm_medium: string | null
  utm_campaign: string | null
  utm_term: string | null
  utm_content: string | null
  referrer_host: string | null
  device: DeviceClass
  country: string | null
  visitor_hash: string
}

/** How the recorder is doing since the process started (`GET /api/admin/clicks/health`). */
export type ClickCounts = {
  /** Waiting in memory for the next batch. */
  queued: number
  capacity: number
  /** Written to the database. */
  recorded: number
  /** Not written because no link has the code (a mistyped or made-up link). */
  unknown_code: number
  /** Not queued because the queue was full (the database could not keep up). */
  dropped: number
  /** Lost because their batch could not be written (the database failed). */
  failed: number
}

export type ClickRecorder = {
  /** Queues a click without waiting; false (and counted as dropped) when the queue is full. */
  record(click: Click): boolean
  /** Writes everything queued so far, in batches; resolves with how many clicks it took from the queue. */
  flush(): Promise<number>
  counts(): ClickCounts
}

/**
 * Records clicks off the request path: a bounded queue in memory, written in batches of one COPY each — by the
 * service's worker every second, at once when a batch is full, and on stop — each announced by one
 * link.clicks_recorded. When the queue is full a click is dropped and counted, never waited for: a slow database must
 * not slow the pages. Batches are written one after the other, never two at once.
 */
export function createClickRecorder(options: {
  db: Database
  outbox: Outbox
  log: Logger
  capacity?: number
  batchSize?: number
}): ClickRecorder {
  const { db, outbox, log } = options
  const capacity = options.capacity ?? 10_000
  // A batch's announcement costs the same whatever its size (outbox row, relay, each consumer's transaction): under
  // load, batches of 2,000 make it a quarter of what batches of 500 did, per click.
  const batchSize = options.batchSize ?? 2_000
  let queue: Click[] = []
  const counts = { recorded: 0, unknown_code: 0, dropped: 0, failed: 0 }
  let droppedReported = 0
  let tail: Promise<unknown> = Promise.resolve()
  let writingFull = false

  /** Writes batches while the queue holds at least `least` clicks (1: everything); answers how many it took. */
  async function drain(least: number): Promise<number> {
    let taken = 0
    let failure: unknown
    let failedNow = 0
    while (queue.length >= least && queue.length > 0) {
      const batch = queue.length <= batchSize ? queue : queue.slice(0, batchSize)
      queue = batch === queue ? [] : queue.slice(batchSize)
      taken += batch.length
      try {
        const stored = await insertClicks(db, outbox, batch)
        counts.recorded += stored
        counts.unknown_code += batch.length - stored
      } catch (error) {
        counts.failed += batch.length
        failedNow += batch.length
        failure = error
      }
    }
    if (failedNow > 0) log.warn({ err: failure, clicks: failedNow }, 'writing clicks failed; they are lost')
    if (counts.dropped > droppedReported) {
      log.warn(
        { dropped: counts.dropped - droppedReported, total: counts.dropped, capacity },
        'the click queue was full: clicks were dropped',
      )
      droppedReported = counts.dropped
    }
    return taken
  }

  /** One pass after the ones before it: passes never overlap, so batches are written one at a time. */
  function pass(least: number): Promise<number> {
    const run = tail.then(() => drain(least))
    tail = run.catch(() => {})
    return run
  }

  return {
    record(click) {
      if (queue.length >= capacity) {
        counts.dropped++
        return false
      }
      queue.push(click)
      // A full batch goes at once, and only full ones: under load, tiny batches would cost a statement each.
      if (queue.length >= batchSize && !writingFull) {
        writingFull = true
        void pass(batchSize).finally(() => {
          writingFull = false
        })
      }
      return true
    },
    flush: () => pass(1),
    counts: () => ({ queued: queue.length, capacity, ...counts }),
  }
}

/**
 * Writes a batch of clicks and announces it (link.clicks_recorded: the clicks per link and UTC day), in one
 * transaction, so a batch that fails announces nothing and one written is always announced; answers how many were
 * stored (a code no link has is not: a mistyped or made-up link). The links are read in one statement, by the batch's
 * distinct codes, and the rows go in with one COPY: PostgreSQL's bulk path, which costs it about 40% less per row than
 * a multi-row INSERT (bench/README.md, "Click tracking") — CPU the pages share with it when both run on one machine.
 * The announcement is one outbox row per batch. The connection is used for nothing else meanwhile, and is closed if
 * anything fails, so a failed batch leaves nothing half-done (its transaction dies with it).
 */
async function insertClicks(db: Database, outbox: Outbox, batch: Click[]): Promise<number> {
  const codes = [...new Set(batch.map((click) => click.code))]
  const found = await db
    .select({ id: links.id, code: links.code, userId: links.userId })
    .from(links)
    .where(inArray(links.code, codes))
  const linkOf = new Map(found.map((link) => [link.code, link]))
  let rows = ''
  let stored = 0
  const counts = new Map<string, LinkClicksRecordedData['counts'][number]>()
  for (const click of batch) {
    const link = linkOf.get(click.code)
    if (!link) continue
    stored++
    const day = click.clicked_at.slice(0, 10)
    const count = counts.get(`${link.id} ${day}`)
    if (count) count.clicks++
    else
      counts.set(`${link.id} ${day}`, { link_id: link.id, code: link.code, ambassador_id: link.userId, day, clicks: 1 })
    rows += `${click.id}\t${link.id}\t${link.userId}\t${copyText(click.code)}\t${click.clicked_at}\t${copyText(click.landing)}\t${copyText(click.utm_source)}\t${copyText(click.utm_medium)}\t${copyText(click.utm_campaign)}\t${copyText(click.utm_term)}\t${copyText(click.utm_content)}\t${copyText(click.referrer_host)}\t${click.device}\t${copyText(click.country)}\t${copyText(click.visitor_hash)}\n`
  }
  if (stored === 0) return 0
  const pool = (db as unknown as { $client: pg.Pool }).$client
  const connection = await pool.connect()
  let failure: Error | undefined
  try {
    await connection.query('BEGIN')
    await pipeline(Readable.from([rows]), connection.query(copyFrom(COPY_CLICKS)))
    const tx = drizzle({ client: connection }) as unknown as Database
    await outbox.add(tx, { type: 'link.clicks_recorded', key: newId(), data: { counts: [...counts.values()] } })
    await connection.query('COMMIT')
    return stored
  } catch (error) {
    failure = error as Error
    throw error
  } finally {
    // A connection whose batch failed is closed rather than handed to the next query; its transaction rolls back.
    connection.release(failure)
  }
}

/** The COPY statement, named from the table's definition; its columns in the order the rows above give them. */
const COPY_CLICKS = (() => {
  const table = getTableConfig(clicks)
  const c = clicks
  const columns: Array<{ name: string }> = [c.id, c.linkId, c.ambassadorId, c.code, c.clickedAt, c.landing]
  columns.push(c.utmSource, c.utmMedium, c.utmCampaign, c.utmTerm, c.utmContent, c.referrerHost, c.device)
  columns.push(c.country, c.visitorHash)
  const order = columns.map((column) => `"${column.name}"`)
  return `COPY "${table.schema}"."${table.name}" (${order.join(', ')}) FROM STDIN`
})()

/** A value in COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
export function copyText(value: string | null): string {
  if (value === null) return '\\N'
  return COPY_SPECIAL.test(value) ? value.replace(COPY_SPECIALS, (char) => COPY_ESCAPES[char] as string) : value
}

const COPY_SPECIAL = /[\\\t\n\r]/
const COPY_SPECIALS = /[\\\t\n\r]/g
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

/**
 * The key visitor hashes are made with (see `click_keys`): read from the database, or made there at the first start
 * (two replicas starting at once agree on whichever row won).
 */
export async function loadVisitorKey(db: Database, now: Date): Promise<Buffer> {
  await db
    .insert(clickKeys)
    .values({ id: 1, key: randomBytes(32).toString('base64'), createdAt: now.toISOString() })
    .onConflictDoNothing()
  const [row] = await db.select({ key: clickKeys.key }).from(clickKeys)
  if (!row) throw new Error('the visitor key could not be made')
  return Buffer.from(row.key, 'base64')
}

/**
 * A visitor's pseudonym: a keyed SHA-256 (the secret key, then their address and user agent; 128 bits kept). Without
 * the key nobody can tell which address it was, even by trying them all; the address itself is never kept. One
 * native call per click (an HMAC object per request cost a page measurable time under load).
 */
export function visitorHasher(key: Buffer): (ip: string, userAgent: string) => string {
  const prefix = `${key.toString('base64')}\n`
  return (ip, userAgent) => hash('sha256', `${prefix}${ip}\n${userAgent}`, 'base64url').slice(0, 22)
}
