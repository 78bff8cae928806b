import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ambassadorService } from '../index.ts'
import { ledgerEntries, users } from '../schema.ts'
import { approvedNetRanking, periodBounds } from './leaderboards.ts'

const now = new Date('2026-03-11T12:00:00.000Z')

let platform: TestPlatform
beforeAll(async () => {
  platform = await startTestPlatform([ambassadorService], {}, { clock: { now: () => new Date(now) } })
  // Two years of a busy ledger: 1,000 ambassadors, 100k lines each accrued and approved 30 days later (so the maturity
  // worker finds nothing to do), one in 97 refunded after approval: 200k entries, half of them accruals.
  await db().execute(sql`
    WITH line AS (
      SELECT n, gen_random_uuid() AS item, timestamptz '2026-03-11T12:00:00Z' - n * interval '630 seconds' AS at,
        ('00000000-0000-7000-8000-' || lpad(to_hex(n % 1000), 12, '0'))::uuid AS ambassador
      FROM generate_series(1, 100000) n
    ), entry AS (
      SELECT ambassador, item, 'accrual' AS kind, 250 AS pending, 0 AS approved, at FROM line
      UNION ALL SELECT ambassador, item, 'approval', -250, 250, at + interval '30 days' FROM line
      UNION ALL SELECT ambassador, item, 'reversal', 0, -100, at + interval '40 days' FROM line WHERE n % 97 = 0
    )
    INSERT INTO ${ledgerEntries}
      (id, ambassador_id, currency, order_item_id, kind, pending_minor, approved_minor, source_event_id, occurred_at, created_at)
    SELECT gen_random_uuid(), ambassador, 'USD', item, kind::ambassador.ledger_entry_kind, pending, approved,
      gen_random_uuid()::text, at, at
    FROM entry`)
  await db().execute(sql`
    INSERT INTO ${users} (id, first_name, last_name, email, role)
    SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 'Ambassador', n::text, n || '@example.com', 'ambassador'
    FROM generate_series(0, 999) n`)
  await db().execute(sql`VACUUM ANALYZE ${ledgerEntries}, ${users}`)
}, 60_000)
afterAll(() => platform?.close())

function db() {
  const ctx = platform.contexts.get('ambassador')
  if (!ctx) throw new Error('the ambassador service is not running')
  return ctx.db
}

async function planOf(period: 'week' | 'month' | 'all'): Promise<string> {
  const statement = approvedNetRanking('USD', periodBounds(period, now), 10, null)
  const result = await db().execute<{ 'QUERY PLAN': string }>(sql`EXPLAIN (ANALYZE, BUFFERS) ${statement}`)
  return result.rows.map((row) => row['QUERY PLAN']).join('\n')
}

describe('the leaderboard query on a busy ledger', () => {
  it.each(['week', 'month'] as const)('reads only the %s’s approved moves, from the partial index', async (period) => {
    const plan = await planOf(period)
    expect(plan, plan).toContain('ledger_entries_approved_moves')
    expect(plan, plan).not.toMatch(/Seq Scan on ledger_entries/)
  })
})
