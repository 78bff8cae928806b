import type { LinkClicksRecordedData } from '@ambassador/contracts/events'
import type { Database } from '@ambassador/kit/db/database'
import { sql } from 'drizzle-orm'
import { dailyLinkClicks, links } from './schema.ts'

/**
 * A batch of clicks the ambassador service wrote, added to each link's day; a link known only from its clicks (its
 * link.created came before analytics ran) is kept, its creation unknown. Two statements whatever the batch's size.
 */
export async function recordClicks(db: Database, batch: LinkClicksRecordedData) {
  const days = new Map<string, typeof dailyLinkClicks.$inferInsert & { clicks: number }>()
  const named = new Map<string, typeof links.$inferInsert>()
  for (const count of batch.counts) {
    const key = `${count.day} ${count.link_id}`
    const row = days.get(key)
    // An upsert may not touch a row twice: one entry per link and day, even if the batch named one twice.
    if (row) row.clicks += count.clicks
    else
      days.set(key, { day: count.day, linkId: count.link_id, ambassadorId: count.ambassador_id, clicks: count.clicks })
    named.set(count.link_id, {
      id: count.link_id,
      code: count.code,
      ambassadorId: count.ambassador_id,
      createdAt: null,
    })
  }
  if (days.size === 0) return
  // Rows in key order, so concurrent batches lock what they share in the same order.
  const byId = [...named.values()].sort((a, b) => a.id.localeCompare(b.id))
  await db.insert(links).values(byId).onConflictDoNothing()
  const byDay = [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, row]) => row)
  await db
    .insert(dailyLinkClicks)
    .values(byDay)
    .onConflictDoUpdate({
      target: [dailyLinkClicks.day, dailyLinkClicks.linkId],
      set: { clicks: sql`${dailyLinkClicks.clicks} + excluded.clicks` },
    })
}
