import type { EventEnvelope, OrderCompletedData } from '@ambassador/contracts/events'
import type { LedgerBalances, Payout } from '@ambassador/contracts/http'
import { toMajor } from '@ambassador/kit/money/money'
import { completedOrderData } from '@ambassador/kit/testing/events'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { prng } from '@ambassador/kit/testing/prng'
import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logInAdmin, signUpAmbassador } from '../fixtures.ts'
import { ambassadorService } from '../index.ts'
import { ledgerEntries } from '../schema.ts'
import { deliveredOrder, refundedOrder } from './test-events.ts'

const DAY_MS = 86_400_000
const HOLD_DAYS = 7
const RUNS = 30
const STEPS = 40

let now = new Date('2026-01-05T09:00:00.000Z')
const clock = { now: () => new Date(now) }

let platform: TestPlatform
beforeAll(async () => {
  platform = await startTestPlatform(
    [ambassadorService],
    { COMMISSION_HOLD_DAYS: String(HOLD_DAYS), PAYOUT_MINIMUM: '1' },
    { clock },
  )
})
afterAll(() => platform?.close())

/** The test's own account of one commissioned line, kept from the events it sent. */
type ModelLine = { ambassadorId: string; order: OrderCompletedData; itemId: string; accrued: number; refunded: number }
type ModelOrder = { order: OrderCompletedData; paidAt: number; deliveredAt: number | undefined }
type Balance = { pending: number; approved: number; processing: number; paid: number }
type ModelPayout = {
  id: string
  ambassadorId: string
  amount: number
  status: 'requested' | 'approved' | 'paid' | 'returned'
}

describe('the ledger under random orders, refunds, deliveries, adjustments, payouts and the passing of time', () => {
  it(`keeps every balance equal to what its events add up to, ${RUNS} runs of ${STEPS} steps`, async () => {
    for (let run = 0; run < RUNS; run++) {
      const seed = 1_000 + run
      const random = prng(seed)
      const ambassadors = [await signUpAmbassador(platform), await signUpAmbassador(platform)]
      const admin = await logInAdmin(platform)
      for (const ambassador of ambassadors) {
        await ambassador.client.request('PUT', '/api/ambassador/payout-details', {
          method: 'paypal',
          email: ambassador.user.email,
        })
      }
      const payouts: ModelPayout[] = []
      const orders: ModelOrder[] = []
      const lines: ModelLine[] = []
      const approvedLines = new Set<string>()
      const balance = new Map<string, Balance>(
        ambassadors.map((a) => [a.id, { pending: 0, approved: 0, processing: 0, paid: 0 }]),
      )
      const sent: EventEnvelope[] = []
      const balanceOf = (id: string) => balance.get(id) as Balance

      /** What the worker must have approved by now: every unapproved line whose hold has passed. */
      const approveMatured = () => {
        for (const line of lines) {
          if (approvedLines.has(line.itemId)) continue
          const order = orders.find((o) => o.order.id === line.order.id) as ModelOrder
          if ((order.deliveredAt ?? order.paidAt) + HOLD_DAYS * DAY_MS > now.getTime()) continue
          const left = line.accrued - line.refunded
          balanceOf(line.ambassadorId).pending -= left
          balanceOf(line.ambassadorId).approved += left
          approvedLines.add(line.itemId)
        }
      }

      for (let step = 0; step < STEPS; step++) {
        const action = random.next()
        if (action < 0.3 || lines.length === 0) {
          const ambassador = random.pick(ambassadors)
          const rate = random.pick([500, 1000, 1250, 2000])
          const order = completedOrderData(
            {
              ambassadorId: ambassador.id,
              rateBasisPoints: rate,
              lines: Array.from({ length: random.int(1, 4) }, (_, i) => ({
                title: `Thing ${i}`,
                price_minor: random.int(1, 20_000),
                quantity: random.int(1, 3),
              })),
            },
            { completed_at: now.toISOString() },
          )
          order.items = order.items.map((item) => ({ ...item, commission_rate_basis_points: rate }))
          sent.push(await platform.publish('order.completed', order.id, order))
          orders.push({ order, paidAt: now.getTime(), deliveredAt: undefined })
          for (const item of order.items) {
            if (item.ambassador_revenue_minor <= 0) continue
            lines.push({
              ambassadorId: ambassador.id,
              order,
              itemId: item.id,
              accrued: item.ambassador_revenue_minor,
              refunded: 0,
            })
            balanceOf(ambassador.id).pending += item.ambassador_revenue_minor
          }
        } else if (action < 0.5) {
          const refundable = lines.filter((l) => l.refunded < l.accrued)
          if (refundable.length === 0) continue
          const first = random.pick(refundable)
          // One refund may take back part of several lines of the same order.
          const sameOrder = refundable.filter((l) => l.order.id === first.order.id && random.next() < 0.5)
          const taken = [first, ...sameOrder.filter((l) => l !== first)].map((line) => ({
            line,
            minor: random.int(1, line.accrued - line.refunded),
          }))
          const refund = refundedOrder(
            first.order,
            taken.map(({ line, minor }) => ({ itemId: line.itemId, commissionMinor: minor })),
            now.toISOString(),
          )
          sent.push(await platform.publish('order.refunded', first.order.id, refund))
          for (const { line, minor } of taken) {
            line.refunded += minor
            if (approvedLines.has(line.itemId)) balanceOf(line.ambassadorId).approved -= minor
            else balanceOf(line.ambassadorId).pending -= minor
          }
        } else if (action < 0.57) {
          const undelivered = orders.filter((o) => o.deliveredAt === undefined)
          if (undelivered.length === 0) continue
          const target = random.pick(undelivered)
          sent.push(
            await platform.publish('order.delivered', target.order.id, deliveredOrder(target.order, now.toISOString())),
          )
          target.deliveredAt = now.getTime()
        } else if (action < 0.62 && sent.length > 0) {
          await platform.redeliver(random.pick(sent)) // at-least-once: nothing may count twice
        } else if (action < 0.67) {
          const ambassador = random.pick(ambassadors)
          const minor = random.int(1, 5_000) * (random.next() < 0.3 ? -1 : 1)
          const adjusted = await admin.post(`/api/admin/ambassadors/${ambassador.id}/ledger/adjustments`, {
            amount: minor / 100,
            reason: `Step ${step}`,
          })
          expect(adjusted.status).toBe(201)
          balanceOf(ambassador.id).approved += minor
        } else if (action < 0.77) {
          // Sometimes more than is available, sometimes less than the minimum: the ledger must refuse exactly those.
          const ambassador = random.pick(ambassadors)
          const model = balanceOf(ambassador.id)
          const minor = random.int(1, Math.max(1, model.approved) + 3_000)
          const asked = await ambassador.client.request<Payout>('POST', '/api/ambassador/payouts', {
            amount: minor / 100,
          })
          const allowed = minor <= Math.max(0, model.approved) && minor >= 100
          expect(asked.status, `seed ${seed} step ${step}: ${minor} of ${model.approved}`).toBe(
            allowed ? 201 : minor > Math.max(0, model.approved) ? 409 : 400,
          )
          if (allowed) {
            model.approved -= minor
            model.processing += minor
            payouts.push({ id: asked.body.id, ambassadorId: ambassador.id, amount: minor, status: 'requested' })
          }
        } else if (action < 0.83) {
          const requested = payouts.filter((p) => p.status === 'requested')
          if (requested.length === 0) continue
          const batch = await admin.post<{ id: string }>('/api/admin/payouts/batches', {
            payout_ids: requested.map((p) => p.id),
          })
          expect(batch.status).toBe(201)
          for (const p of requested) p.status = 'approved'
          if (random.next() < 0.8) {
            expect((await admin.post(`/api/admin/payouts/batches/${batch.body.id}/paid`, {})).status).toBe(200)
            // Paying the same batch again pays nothing.
            expect((await admin.post(`/api/admin/payouts/batches/${batch.body.id}/paid`, {})).status).toBe(409)
            for (const p of requested) {
              p.status = 'paid'
              balanceOf(p.ambassadorId).processing -= p.amount
              balanceOf(p.ambassadorId).paid += p.amount
            }
          }
        } else if (action < 0.86) {
          const open = payouts.filter((p) => p.status === 'requested' || p.status === 'approved')
          if (open.length === 0) continue
          const target = random.pick(open)
          const returned = await admin.post(`/api/admin/payouts/${target.id}/return`, { reason: 'Wrong account' })
          expect(returned.status).toBe(200)
          target.status = 'returned'
          balanceOf(target.ambassadorId).processing -= target.amount
          balanceOf(target.ambassadorId).approved += target.amount
        } else {
          now = new Date(now.getTime() + random.int(0, 4) * DAY_MS + random.int(0, 86_399) * 1000)
          await platform.drain()
          approveMatured()
        }
      }

      const context = `seed ${seed}`
      for (const ambassador of ambassadors) {
        const expected = balanceOf(ambassador.id)
        const shown = await ambassador.client.get<LedgerBalances>('/api/ambassador/ledger')
        expect(shown.body, context).toEqual({
          currency: 'USD',
          pending: toMajor(expected.pending),
          approved: toMajor(expected.approved),
          processing: toMajor(expected.processing),
          paid: toMajor(expected.paid),
          available: toMajor(Math.max(0, expected.approved)),
          payout_minimum: 1,
        })
      }
      const db = platform.contexts.get('ambassador')?.db
      if (!db) throw new Error('the ambassador service is not running')
      const approvedInDb = await db
        .select({ itemId: ledgerEntries.orderItemId })
        .from(ledgerEntries)
        .where(
          and(
            eq(ledgerEntries.kind, 'approval'),
            inArray(
              ledgerEntries.ambassadorId,
              ambassadors.map((a) => a.id),
            ),
          ),
        )
      // Nothing approved twice, and exactly the lines whose hold has passed.
      expect(approvedInDb.map((a) => a.itemId).sort(), context).toEqual([...approvedLines].sort())
      // Each payout paid at most once, and only the ones paid.
      const paidSteps = await db
        .select({ payoutId: ledgerEntries.payoutId, paid: ledgerEntries.paidMinor })
        .from(ledgerEntries)
        .where(
          and(
            eq(ledgerEntries.rule, 'payout_paid'),
            inArray(
              ledgerEntries.ambassadorId,
              ambassadors.map((a) => a.id),
            ),
          ),
        )
      const paidPayouts = payouts.filter((p) => p.status === 'paid')
      expect(paidSteps.map((s) => s.payoutId).sort(), context).toEqual(paidPayouts.map((p) => p.id).sort())
    }
  }, 120_000)
})
