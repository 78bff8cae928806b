import type {
  LinkData,
  OrderCommissionRestoredData,
  OrderCompletedData,
  OrderRefundedData,
} from '@ambassador/contracts/events'
import type { Database } from '@ambassador/kit/db/database'
import { sql } from 'drizzle-orm'
import { utcDay } from './buckets.ts'
import { addUp } from './increments.ts'
import { dailyReferrals, dailyRevenue, links } from './schema.ts'

/** A referral link, from its announcement: the top of its funnel. */
export async function recordLink(db: Database, link: LinkData) {
  await db
    .insert(links)
    .values({ id: link.id, code: link.code, ambassadorId: link.user_id, createdAt: link.created_at })
    // A link first seen through one of its orders (created before analytics ran) learns when it was created.
    .onConflictDoUpdate({ target: links.id, set: { createdAt: sql`excluded.created_at` } })
}

/** A paid order, counted on the UTC day it completed: the store's takings, and its link's when one referred it. */
export async function recordOrder(db: Database, order: OrderCompletedData) {
  const day = utcDay(order.completed_at)
  const figures = {
    orders: 1,
    revenueMinor: order.total_minor,
    commissionMinor: order.ambassador_revenue_minor,
  }
  await addUp(db, dailyRevenue, { day, currency: order.currency }, figures)
  if (order.link_id === null || order.ambassador_id === null) return
  await knowLink(db, order.link_id, order.code ?? '', order.ambassador_id)
  await addUp(
    db,
    dailyReferrals,
    { day, linkId: order.link_id, currency: order.currency },
    { ...figures, clickedOrders: order.click_id ? 1 : 0 },
    { ambassadorId: order.ambassador_id },
  )
}

/** Money given back, counted on the UTC day of the refund, with the commission it took back. */
export async function recordRefund(db: Database, refund: OrderRefundedData) {
  const day = utcDay(refund.refunded_at)
  const figures = { refundedMinor: refund.amount_minor, commissionReversedMinor: refund.ambassador_revenue_minor }
  await addUp(db, dailyRevenue, { day, currency: refund.currency }, { ...figures, refunds: 1 })
  if (refund.link_id === null || refund.ambassador_id === null) return
  await knowLink(db, refund.link_id, refund.code ?? '', refund.ambassador_id)
  await addUp(db, dailyReferrals, { day, linkId: refund.link_id, currency: refund.currency }, figures, {
    ambassadorId: refund.ambassador_id,
  })
}

/** A withheld commission an admin restored, counted on the UTC day it was restored. */
export async function recordRestoredCommission(db: Database, restored: OrderCommissionRestoredData) {
  const day = utcDay(restored.restored_at)
  const figures = { commissionRestoredMinor: restored.ambassador_revenue_minor }
  await addUp(db, dailyRevenue, { day, currency: restored.currency }, figures)
  if (restored.link_id === null) return
  await knowLink(db, restored.link_id, restored.code ?? '', restored.ambassador_id)
  await addUp(db, dailyReferrals, { day, linkId: restored.link_id, currency: restored.currency }, figures, {
    ambassadorId: restored.ambassador_id,
  })
}

/** A link named by an order, kept even when its link.created came before analytics did (its creation unknown). */
async function knowLink(db: Database, id: string, code: string, ambassadorId: string) {
  await db.insert(links).values({ id, code, ambassadorId, createdAt: null }).onConflictDoNothing()
}
