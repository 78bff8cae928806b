import type { OrderCompletedData } from '@ambassador/contracts/events'
import type { AdminLeaderboard, AmbassadorLeaderboard } from '@ambassador/contracts/http'
import { newId } from '@ambassador/kit/ids/ids'
import type { TestClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completedOrder, logInAdmin, productData, publishProducts, signUpAmbassador } from '../fixtures.ts'
import { ambassadorService } from '../index.ts'
import { ledgerEntries } from '../schema.ts'
import { LEADERBOARD_SCOPE, periodBounds } from './leaderboards.ts'
import { refundedOrder } from './test-events.ts'

const DAY_MS = 86_400_000
const HOLD_DAYS = 30
let now = new Date('2026-03-04T12:00:00.000Z') // a Wednesday
const clock = { now: () => new Date(now) }

const mug = productData({ title: 'Mug', price_minor: 1250 })
const hoodie = productData({ title: 'Hoodie', price_minor: 4999 })

let platform: TestPlatform
let admin: TestClient
beforeAll(async () => {
  platform = await startTestPlatform([ambassadorService], { COMMISSION_HOLD_DAYS: String(HOLD_DAYS) }, { clock })
  await publishProducts(platform, [mug, hoodie])
  admin = await logInAdmin(platform)
})
afterAll(() => platform?.close())

type Ambassador = Awaited<ReturnType<typeof signUpAmbassador>>

function context() {
  const ctx = platform.contexts.get('ambassador')
  if (!ctx) throw new Error('the ambassador service is not running')
  return ctx
}

/** Moves the clock on to `iso` (never back: the ledger's times only grow). */
function moveTo(iso: string) {
  const next = new Date(iso)
  if (next <= now) throw new Error(`${iso} is not after ${now.toISOString()}`)
  now = next
}

/**
 * Moves on to 10:00 UTC on the first Monday of the month after next: more than the hold away, so every order placed
 * before is due, and a week and a month that hold nothing yet.
 */
function moveToFreshPeriod() {
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1))
  const toMonday = (8 - month.getUTCDay()) % 7
  now = new Date(month.getTime() + toMonday * DAY_MS + 10 * 3_600_000)
}

/** A referred order (2 mugs, 1 hoodie: 2.50 + 5.00 commission), completed now. */
async function completeOrder(ambassador: Ambassador): Promise<OrderCompletedData> {
  const order = completedOrder({ id: newId(), code: 'c0de', user_id: ambassador.id }, [
    { product: mug, quantity: 2 },
    { product: hoodie, quantity: 1 },
  ])
  const completed = { ...order, completed_at: now.toISOString() }
  await platform.publish('order.completed', completed.id, completed)
  return completed
}

/** Takes `commissionMinor` back from the order's hoodie line, now. */
async function refundHoodie(order: OrderCompletedData, commissionMinor: number) {
  const itemId = order.items[1]?.id ?? ''
  await platform.publish(
    'order.refunded',
    order.id,
    refundedOrder(order, [{ itemId, commissionMinor }], now.toISOString()),
  )
}

async function adjust(ambassador: Ambassador, amount: number) {
  const response = await admin.post(`/api/admin/ambassadors/${ambassador.id}/ledger/adjustments`, {
    amount,
    reason: 'leaderboard test',
  })
  expect(response.status).toBe(201)
}

/** Approves whatever is due now (the maturity worker runs on every drain). */
const approveDue = () => platform.drain()

// The boards are cached for a few seconds and nothing invalidates them: forget them before each read, as if the
// few seconds had passed.
async function boardOf(ambassador: Ambassador, query = 'period=week') {
  await context().cache.invalidate(LEADERBOARD_SCOPE)
  const response = await ambassador.client.get<AmbassadorLeaderboard>(`/api/ambassador/leaderboard?${query}`)
  expect(response.status).toBe(200)
  return response.body
}

async function adminBoard(query = 'period=week') {
  await context().cache.invalidate(LEADERBOARD_SCOPE)
  const response = await admin.get<AdminLeaderboard>(`/api/admin/leaderboard?${query}`)
  expect(response.status).toBe(200)
  return response.body
}

const rowsOf = (board: { rows: { name: string; amount: number; rank: number }[] }) =>
  board.rows.map((row) => [row.name, row.amount, row.rank])

let people = 0
/** An ambassador with a name no other test uses. */
function newAmbassador(first = 'Amb', last = `Bassador${people + 1}`) {
  people += 1
  return signUpAmbassador(platform, { first_name: first, last_name: last, email: `someone${people}@example.com` })
}

describe('leaderboard periods', () => {
  it.each([
    ['week', '2026-03-08T23:59:59.999Z', '2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z'], // Sunday night
    ['week', '2026-03-09T00:00:00.000Z', '2026-03-09T00:00:00.000Z', '2026-03-16T00:00:00.000Z'], // Monday midnight
    ['week', '2026-01-01T08:00:00.000Z', '2025-12-29T00:00:00.000Z', '2026-01-05T00:00:00.000Z'], // ISO week over New Year
    ['month', '2026-12-31T23:59:59.999Z', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['month', '2028-02-29T12:00:00.000Z', '2028-02-01T00:00:00.000Z', '2028-03-01T00:00:00.000Z'],
  ] as const)('a %s at %s runs from %s to %s (UTC)', (period, at, from, to) => {
    expect(periodBounds(period, new Date(at))).toEqual({ from: new Date(from), to: new Date(to) })
  })

  it('all time has no bounds', () => {
    expect(periodBounds('all', new Date())).toEqual({ from: null, to: null })
  })
})

describe('GET /api/ambassador/leaderboard and /api/admin/leaderboard', () => {
  it('counts commission in the week it was approved: not the week after, still in all time', async () => {
    const ada = await newAmbassador('Ada', 'Weekly')
    await completeOrder(ada)
    expect((await boardOf(ada)).rows).toEqual([]) // pending commission is not approved commission

    moveToFreshPeriod()
    await approveDue()
    const week = await boardOf(ada)
    expect(week).toMatchObject({
      period: 'week',
      currency: 'USD',
      ranked: 1,
      from: periodBounds('week', now).from?.toISOString(),
    })
    expect(week.rows).toEqual([{ rank: 1, name: 'Ada Weekly', amount: 7.5, you: true }])

    moveTo(new Date(periodBounds('week', now).to?.getTime() ?? 0).toISOString()) // next Monday, 00:00 UTC
    expect(await boardOf(ada)).toMatchObject({ rows: [], you: null, ranked: 0 })
    expect((await boardOf(ada, 'period=month')).rows).toEqual([{ rank: 1, name: 'Ada Weekly', amount: 7.5, you: true }])
    expect((await boardOf(ada, 'period=all&limit=100')).you).toMatchObject({ name: 'Ada Weekly', amount: 7.5 })
  })

  it('ends a month at midnight UTC on its last day', async () => {
    const bo = await newAmbassador('Bo', 'Monthly')
    moveToFreshPeriod()
    // The last second of the month, then the first of the next (which may still be the same ISO week).
    const nextMonth = periodBounds('month', now).to?.getTime() ?? 0
    moveTo(new Date(nextMonth - 1000).toISOString())
    await adjust(bo, 3)
    moveTo(new Date(nextMonth).toISOString())
    await adjust(bo, 2)

    expect(rowsOf(await adminBoard('period=month'))).toEqual([['Bo Monthly', 2, 1]])
    const week = periodBounds('week', now)
    const sameWeek = (week.from?.getTime() ?? 0) < nextMonth
    expect(rowsOf(await adminBoard('period=week'))).toEqual([['Bo Monthly', sameWeek ? 5 : 2, 1]])
    moveTo(new Date(nextMonth + 3_600_000).toISOString())
    expect((await boardOf(bo, 'period=all&limit=100')).you).toMatchObject({ amount: 5 })
  })

  it('nets reversals after approval and adjustments; a refund before approval only shrinks the approval', async () => {
    const cy = await newAmbassador('Cy', 'Netting')
    const refundedEarly = await completeOrder(cy)
    await refundHoodie(refundedEarly, 200) // before approval: out of pending, the approval is 5.50
    const refundedLate = await completeOrder(cy)
    moveToFreshPeriod()
    await approveDue() // 5.50 + 7.50 approved
    await refundHoodie(refundedLate, 300) // after approval: −3.00 approved
    await adjust(cy, 1.25)
    await adjust(cy, -0.75)

    expect((await boardOf(cy)).you).toEqual({ rank: 1, name: 'Cy Netting', amount: 10.5 })
    expect(rowsOf(await adminBoard())).toEqual([['Cy Netting', 10.5, 1]])
  })

  it('does not count payouts (money paid out is still earned) nor entries in another currency', async () => {
    const di = await newAmbassador('Di', 'Payout')
    moveToFreshPeriod()
    await adjust(di, 80)
    const at = now.toISOString()
    const payoutId = newId()
    const entry = {
      ambassadorId: di.id,
      currency: 'USD',
      kind: 'payout' as const,
      payoutId,
      occurredAt: at,
      createdAt: at,
    }
    await context()
      .db.insert(ledgerEntries)
      .values([
        {
          ...entry,
          id: newId(),
          approvedMinor: -5000,
          processingMinor: 5000,
          rule: 'payout_requested',
          sourceEventId: `p:${payoutId}:1`,
        },
        {
          ...entry,
          id: newId(),
          processingMinor: -5000,
          paidMinor: 5000,
          rule: 'payout_paid',
          sourceEventId: `p:${payoutId}:2`,
        },
        {
          ...entry,
          id: newId(),
          payoutId: null,
          currency: 'EUR',
          kind: 'adjustment',
          approvedMinor: 10_000,
          rule: 'manual',
          sourceEventId: `eur:${payoutId}`,
        },
      ])

    expect((await boardOf(di)).you).toEqual({ rank: 1, name: 'Di Payout', amount: 80 })
    expect((await boardOf(di, 'period=all&limit=100')).you).toMatchObject({ amount: 80 })
  })

  it('ranks equal amounts together, ordered by name and then id; leaves out a zero net and puts a negative one last', async () => {
    moveToFreshPeriod()
    const zed = await newAmbassador('Bea', 'Zed')
    const young = await newAmbassador('Al', 'Young')
    const xu = await newAmbassador('Cy', 'Xu')
    const twins = [await newAmbassador('Sam', 'Same'), await newAmbassador('Sam', 'Same')]
    const even = await newAmbassador('Ev', 'Even')
    const owing = await newAmbassador('Ow', 'Owing')
    for (const [who, amount] of [
      [zed, 5],
      [young, 5],
      [xu, 7],
      [twins[0], 5],
      [twins[1], 5],
      [even, 4],
      [even, -4],
      [owing, -2],
    ] as const) {
      if (who) await adjust(who, amount)
    }

    const board = await adminBoard()
    expect(rowsOf(board)).toEqual([
      ['Cy Xu', 7, 1],
      ['Al Young', 5, 2],
      ['Bea Zed', 5, 2],
      ['Sam Same', 5, 2],
      ['Sam Same', 5, 2],
      ['Ow Owing', -2, 6],
    ])
    const twinIds = twins.map((twin) => twin?.id ?? '').sort()
    expect(board.rows.filter((row) => row.name === 'Sam Same').map((row) => row.ambassador_id)).toEqual(twinIds)
    expect(board.ranked).toBe(6)
    expect((await boardOf(even)).you).toBeNull()
  })

  it('shows the caller their own row even below the limit, and no one else’s id', async () => {
    moveToFreshPeriod()
    const [first, second, third, fourth] = [
      await newAmbassador('Fay', 'First'),
      await newAmbassador('Sid', 'Second'),
      await newAmbassador('Tia', 'Third'),
      await newAmbassador('Flo', 'Fourth'),
    ]
    for (const [who, amount] of [
      [first, 40],
      [second, 30],
      [third, 20],
      [fourth, 10],
    ] as const) {
      if (who) await adjust(who, amount)
    }
    if (!first || !fourth) throw new Error('unreachable')

    const below = await boardOf(fourth, 'period=week&limit=2')
    expect(below.rows).toEqual([
      { rank: 1, name: 'Fay First', amount: 40, you: false },
      { rank: 2, name: 'Sid Second', amount: 30, you: false },
    ])
    expect(below.you).toEqual({ rank: 4, name: 'Flo Fourth', amount: 10 })
    expect(below.ranked).toBe(4)
    expect(JSON.stringify(below)).not.toContain(first.id)

    const top = await boardOf(first, 'limit=2') // the week is the default
    expect(top.period).toBe('week')
    expect(top.rows[0]).toEqual({ rank: 1, name: 'Fay First', amount: 40, you: true })
    expect(top.you).toEqual({ rank: 1, name: 'Fay First', amount: 40 })

    expect((await adminBoard('period=week&limit=3')).rows.map((row) => row.ambassador_id)).toHaveLength(3)
    expect((await adminBoard('period=week')).rows.map((row) => row.name)).toEqual([
      'Fay First',
      'Sid Second',
      'Tia Third',
      'Flo Fourth',
    ])
  })

  it('starts a new board when the week turns, even within the seconds a board is cached', async () => {
    moveToFreshPeriod()
    const gil = await newAmbassador('Gil', 'Cached')
    await adjust(gil, 9)
    expect((await boardOf(gil)).you).toMatchObject({ amount: 9 })
    moveTo(new Date(periodBounds('week', now).to?.getTime() ?? 0).toISOString())
    const response = await gil.client.get<AmbassadorLeaderboard>('/api/ambassador/leaderboard?period=week')
    expect(response.body).toMatchObject({ rows: [], you: null })
  })

  describe.each([
    ['period=year', 'period must be week, month or all'],
    ['period=', 'period must be week, month or all'],
    ['period=WEEK', 'period must be week, month or all'],
    ['limit=0', 'limit must be at least 1'],
    ['limit=101', 'limit must be at most 100'],
    ['limit=ten', 'limit must be a whole number'],
    ['limit=2.5', 'limit must be a whole number'],
  ])('with ?%s', (query, message) => {
    it('answers 400 saying what is wrong, on both boards', async () => {
      const ambassador = await newAmbassador()
      for (const response of [
        await ambassador.client.get(`/api/ambassador/leaderboard?${query}`),
        await admin.get(`/api/admin/leaderboard?${query}`),
      ]) {
        expect(response.status).toBe(400)
        expect(response.body).toMatchObject({
          statusCode: 400,
          error: 'Bad Request',
          message,
        })
      }
    })
  })

  it('keeps each board to its scope', async () => {
    const ambassador = await newAmbassador()
    expect((await ambassador.client.get('/api/admin/leaderboard')).status).toBe(403)
    expect((await admin.get('/api/ambassador/leaderboard')).status).toBe(403)
  })
})
