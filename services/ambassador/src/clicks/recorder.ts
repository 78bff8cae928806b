import { hash, randomBytes } from 'node:crypto'
import type { Database } from '@ambassador/kit/db/database'
import { executePrepared } from '@ambassador/kit/db/prepared'
import type { Logger } from '@ambassador/kit/log/log'
import { sql } from 'drizzle-orm'
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
 * Records clicks off the request path: a bounded queue in memory, written in batches of one multi-row INSERT each —
 * by the service's worker every second, at once when a batch is full, and on stop. When the queue is full a click is
 * dropped and counted, never waited for: a slow database must not slow the pages. Batches are written one after the
 * other, never two at once.
 */
export function createClickRecorder(options: {
  db: Database
  log: Logger
  capacity?: number
  batchSize?: number
}): ClickRecorder {
  const { db, log } = options
  const capacity = options.capacity ?? 10_000
  const batchSize = options.batchSize ?? 500
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
        const stored = await insertClicks(db, batch)
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
 * Writes a batch of clicks in one statement, each with the link its code names (a join: a code no link has is simply
 * not stored); answers how many were stored. One array parameter per column, unnested side by side (cheaper for
 * PostgreSQL than parsing the batch as JSON), and a named prepared statement: its text never changes, so it is
 * planned once.
 */
async function insertClicks(db: Database, batch: Click[]): Promise<number> {
  const column = (name: keyof Click) => sql.param(batch.map((click) => click[name]))
  const result = await executePrepared(
    db,
    sql`INSERT INTO ${clicks} (id, link_id, ambassador_id, code, clicked_at, landing, utm_source, utm_medium,
        utm_campaign, utm_term, utm_content, referrer_host, device, country, visitor_hash)
      SELECT c.id, l.id, l.user_id, l.code, c.clicked_at, c.landing, c.utm_source, c.utm_medium, c.utm_campaign,
        c.utm_term, c.utm_content, c.referrer_host, c.device, c.country, c.visitor_hash
      FROM unnest(${column('id')}::uuid[], ${column('code')}::text[], ${column('clicked_at')}::timestamptz[],
        ${column('landing')}::text[], ${column('utm_source')}::text[], ${column('utm_medium')}::text[],
        ${column('utm_campaign')}::text[], ${column('utm_term')}::text[], ${column('utm_content')}::text[],
        ${column('referrer_host')}::text[], ${column('device')}::text[], ${column('country')}::text[],
        ${column('visitor_hash')}::text[])
        AS c(id, code, clicked_at, landing, utm_source, utm_medium, utm_campaign, utm_term, utm_content, referrer_host,
          device, country, visitor_hash)
      JOIN ${links} l ON l.code = c.code
      ON CONFLICT (id) DO NOTHING`,
  )
  return result.rowCount ?? 0
}

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
