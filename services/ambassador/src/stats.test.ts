import type { UserData } from '@ambassador/contracts/events'
import { newId } from '@ambassador/kit/ids/ids'
import type { TestClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { completedOrder, logInAdmin, productData, publishProducts, signUpAmbassador } from './fixtures.ts'
import { ambassadorService, rebuildRankings } from './index.ts'
import { deadLetters } from './schema.ts'
import { type AmbassadorContext, RANKINGS_SCOPE } from './stats.ts'

type Link = { id: string; code: string; user_id: string }
type Stat = { code: string; count: number; revenue: number; link_id: string }
type Person = { client: TestClient; id: string; user: UserData }

const mug = productData({ title: 'Mug', price_minor: 1250 })
const hoodie = productData({ title: 'Hoodie', price_minor: 4999 })

const DAY_MS = 86_400_000
/** The service's "now" for this file: noon UTC today, fixed, so no test can straddle midnight. */
const NOW = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS / 2)

/** The ambassador service alone, on its own database, with the mug and the hoodie in its catalog. */
async function startAmbassador(): Promise<TestPlatform> {
  const platform = await startTestPlatform([ambassadorService], {}, { clock: { now: () => new Date(NOW) } })
  await publishProducts(platform, [mug, hoodie])
  return platform
}

let platform: TestPlatform

async function createLink(person: Person, productIds: string[]) {
  const created = await person.client.post<Link>('/api/ambassador/links', { products: productIds })
  expect(created.status).toBe(201)
  return created.body
}

async function stats(person: Person) {
  const response = await person.client.get<Stat[]>('/api/ambassador/stats')
  expect(response.status).toBe(200)
  return response.body
}

async function rankings(person: Person) {
  const response = await person.client.get<Record<string, number>>('/api/ambassador/rankings')
  expect(response.status).toBe(200)
  return response
}

async function sell(link: Link, lines: { product: typeof mug; quantity: number }[], completedAt?: string) {
  const order = completedOrder(link, lines)
  return platform.publish('order.completed', order.id, completedAt ? { ...order, completed_at: completedAt } : order)
}

function context() {
  const ctx = platform.contexts.get('ambassador') as AmbassadorContext | undefined
  if (!ctx) throw new Error('the ambassador service is not running')
  return ctx
}

describe('GET /api/ambassador/stats', () => {
  beforeAll(async () => {
    platform = await startAmbassador()
  })
  afterAll(() => platform?.close())

  it('shows every link of mine with no orders yet as zero, newest first', async () => {
    const ada = await signUpAmbassador(platform)
    const first = await createLink(ada, [mug.id, hoodie.id])
    const second = await createLink(ada, [hoodie.id])
    expect(await stats(ada)).toEqual([
      { code: second.code, count: 0, revenue: 0, link_id: second.id },
      { code: first.code, count: 0, revenue: 0, link_id: first.id },
    ])
  })

  it('counts a completed order and its commission once, however often it is delivered', async () => {
    const ada = await signUpAmbassador(platform)
    const first = await createLink(ada, [mug.id, hoodie.id])
    const second = await createLink(ada, [hoodie.id])
    // 2 mugs (25.00) + 1 hoodie (49.99): 10% of each line is 2.50 + 5.00 (4.999 rounded) = 7.50.
    const order = completedOrder(first, [
      { product: mug, quantity: 2 },
      { product: hoodie, quantity: 1 },
    ])
    expect(order.ambassador_revenue_minor).toBe(750)
    const event = await platform.publish('order.completed', order.id, order)
    const expected = [
      { code: second.code, count: 0, revenue: 0, link_id: second.id },
      { code: first.code, count: 1, revenue: 7.5, link_id: first.id },
    ]
    expect(await stats(ada)).toEqual(expected)

    await platform.redeliver(event)
    await platform.redeliver(event)
    expect(await stats(ada)).toEqual(expected)
  })

  it('counts a shop order no ambassador referred for no link and in no ranking, and is not parked', async () => {
    const ada = await signUpAmbassador(platform)
    const link = await createLink(ada, [mug.id])
    const before = await rankings(ada)
    const order = completedOrder(link, [{ product: mug, quantity: 1 }])
    await platform.publish('order.completed', order.id, {
      ...order,
      link_id: null,
      code: null,
      ambassador_id: null,
      ambassador_revenue_minor: 0,
    })
    expect(await stats(ada)).toEqual([{ code: link.code, count: 0, revenue: 0, link_id: link.id }])
    expect((await rankings(ada)).body).toEqual(before.body)
    expect(await platform.contexts.get('ambassador')?.db.select().from(deadLetters)).toEqual([])
  })

  it('never shows another ambassador their neighbour’s links', async () => {
    const [ada, grace, alan] = [
      await signUpAmbassador(platform),
      await signUpAmbassador(platform),
      await signUpAmbassador(platform),
    ]
    const adaLink = await createLink(ada, [mug.id])
    const graceLink = await createLink(grace, [mug.id])
    await sell(adaLink, [{ product: mug, quantity: 1 }])
    expect(await stats(grace)).toEqual([{ code: graceLink.code, count: 0, revenue: 0, link_id: graceLink.id }])
    expect(await stats(alan)).toEqual([])
  })

  it('still shows an order in the stats when the leaderboard could not count it (Redis timing out)', async () => {
    const alan = await signUpAmbassador(platform)
    const link = await createLink(alan, [mug.id])
    const countOf = async () => (await stats(alan)).find((s) => s.code === link.code)?.count
    expect(await countOf()).toBe(0) // cached now
    const leaderboard = context().leaderboard
    const increment = leaderboard.increment
    leaderboard.increment = async () => {
      throw new Error('Command timed out')
    }
    try {
      await sell(link, [{ product: mug, quantity: 1 }])
    } finally {
      leaderboard.increment = increment
    }
    expect(await countOf()).toBe(1)
  })
})

describe('GET /api/ambassador/rankings', () => {
  // The rankings cover every ambassador, so each test has a store of its own.
  beforeEach(async () => {
    platform = await startAmbassador()
  })
  afterEach(() => platform?.close())

  /** Ada, a second Ada Lovelace, Grace and Alan — and an admin, who never appears in the rankings. */
  async function fourAmbassadors() {
    await logInAdmin(platform)
    return {
      ada: await signUpAmbassador(platform, { first_name: 'Ada', last_name: 'Lovelace' }),
      otherAda: await signUpAmbassador(platform, { first_name: 'Ada', last_name: 'Lovelace' }),
      grace: await signUpAmbassador(platform, { first_name: 'Grace', last_name: 'Hopper' }),
      alan: await signUpAmbassador(platform, { first_name: 'Alan', last_name: 'Turing' }),
    }
  }

  /** Ada earns 17.50 over two links (one order delivered three times), Grace 8.75. */
  async function someSales({ ada, grace }: { ada: Person; grace: Person }) {
    const adaFirst = await createLink(ada, [mug.id, hoodie.id])
    const adaSecond = await createLink(ada, [hoodie.id])
    const graceLink = await createLink(grace, [mug.id])
    const first = await sell(adaFirst, [
      { product: mug, quantity: 2 },
      { product: hoodie, quantity: 1 },
    ])
    await platform.redeliver(first)
    await platform.redeliver(first)
    for (const quantity of [3, 4]) await sell(graceLink, [{ product: mug, quantity }])
    await sell(adaSecond, [{ product: hoodie, quantity: 2 }])
    return { graceLink }
  }

  it('lists every ambassador at zero before any sale, ties by name, duplicate names kept apart', async () => {
    const { ada } = await fourAmbassadors()
    expect(Object.entries((await rankings(ada)).body)).toEqual([
      ['Ada Lovelace', 0],
      ['Ada Lovelace (2)', 0],
      ['Alan Turing', 0],
      ['Grace Hopper', 0],
    ])
  })

  it('ranks by total commission across all of an ambassador’s links, updating as orders complete', async () => {
    const people = await fourAmbassadors()
    await rankings(people.grace) // cached first: new orders must still show at once
    const { graceLink } = await someSales(people)

    const response = await rankings(people.grace)
    // Grace: 10% of 37.50 + 50.00 = 8.75; Ada: 7.50 + 10% of 99.98 (10.00) = 17.50.
    expect(Object.entries(response.body)).toEqual([
      ['Ada Lovelace', 17.5],
      ['Grace Hopper', 8.75],
      ['Ada Lovelace (2)', 0],
      ['Alan Turing', 0],
    ])
    // The order is part of the contract: check the JSON text, not only the parsed object.
    expect(response.text).toBe('{"Ada Lovelace":17.5,"Grace Hopper":8.75,"Ada Lovelace (2)":0,"Alan Turing":0}')
    expect(await stats(people.grace)).toEqual([
      { code: graceLink.code, count: 2, revenue: 8.75, link_id: graceLink.id },
    ])
  })

  it('gives the suffix to whoever ranks lower when two ambassadors share a name', async () => {
    const people = await fourAmbassadors()
    await someSales(people)
    await sell(await createLink(people.otherAda, [hoodie.id]), [{ product: hoodie, quantity: 10 }])
    expect(Object.entries((await rankings(people.alan)).body)).toEqual([
      ['Ada Lovelace', 49.99],
      ['Ada Lovelace (2)', 17.5],
      ['Grace Hopper', 8.75],
      ['Alan Turing', 0],
    ])
  })

  it('shows a renamed ambassador under the new name at once', async () => {
    const { grace, alan } = await fourAmbassadors()
    await rankings(alan)
    await platform.publish('user.updated', grace.id, { ...grace.user, last_name: 'Brewster Hopper' })
    expect(Object.keys((await rankings(alan)).body)).toEqual([
      'Ada Lovelace',
      'Ada Lovelace (2)',
      'Alan Turing',
      'Grace Brewster Hopper',
    ])
    // A late copy of her registration (a replay) does not put the old name back.
    await platform.redeliver({
      id: newId(),
      type: 'user.registered',
      version: 1,
      occurredAt: new Date(NOW.getTime() - 60_000).toISOString(), // before the rename, by the service's clock
      key: grace.id,
      data: grace.user,
    })
    expect(Object.keys((await rankings(alan)).body)).toContain('Grace Brewster Hopper')
  })

  it('is rebuilt from the orders data after it lost its scores', async () => {
    const people = await fourAmbassadors()
    await someSales(people)
    const before = (await rankings(people.alan)).text
    expect(before).toBe('{"Ada Lovelace":17.5,"Grace Hopper":8.75,"Ada Lovelace (2)":0,"Alan Turing":0}')
    await context().leaderboard.replace([]) // as after a Redis restart, or increments lost in a crash
    await context().cache.invalidate(RANKINGS_SCOPE) // a Redis restart takes the cached answer with it
    expect((await rankings(people.alan)).text).not.toBe(before)
    await rebuildRankings(context())
    expect((await rankings(people.alan)).text).toBe(before)
  })
})

describe('GET /api/ambassador/stats/daily', () => {
  type Day = { date: string; count: number; revenue: number }
  /** The UTC calendar day `n` days before the service's today, as YYYY-MM-DD. */
  const day = (n: number) => new Date(NOW.getTime() - n * DAY_MS).toISOString().slice(0, 10)

  beforeAll(async () => {
    platform = await startAmbassador()
  })
  afterAll(() => platform?.close())

  async function daily(person: Person, query = '') {
    const response = await person.client.get<Day[]>(`/api/ambassador/stats/daily${query}`)
    expect(response.status, response.text).toBe(200)
    return response.body
  }

  /**
   * Katherine's two links with sales today, yesterday, two and forty days ago, and Dorothy's sale today.
   * Commission is 10%: a mug (12.50) earns 1.25, a hoodie (49.99) 5.00.
   */
  async function katherineAndDorothySell() {
    const katherine = await signUpAmbassador(platform, { first_name: 'Katherine', last_name: 'Johnson' })
    const dorothy = await signUpAmbassador(platform, { first_name: 'Dorothy', last_name: 'Vaughan' })
    const first = await createLink(katherine, [mug.id])
    const second = await createLink(katherine, [mug.id, hoodie.id])
    const dorothysLink = await createLink(dorothy, [mug.id])
    await sell(first, [{ product: mug, quantity: 2 }], NOW.toISOString())
    await sell(second, [{ product: hoodie, quantity: 1 }], NOW.toISOString())
    await sell(first, [{ product: mug, quantity: 1 }], `${day(2)}T23:59:59.999Z`)
    await sell(second, [{ product: mug, quantity: 3 }], `${day(1)}T00:00:00.000Z`)
    await sell(first, [{ product: mug, quantity: 1 }], `${day(40)}T12:00:00.000Z`) // outside the default 30 days
    await sell(dorothysLink, [{ product: mug, quantity: 5 }], NOW.toISOString()) // someone else's sale
    return { katherine, dorothy, first, second, dorothysLink }
  }

  it('is empty before any order', async () => {
    expect(await daily(await signUpAmbassador(platform))).toEqual([])
  })

  it('adds up every link of mine per UTC day, oldest first, only days with orders', async () => {
    const { katherine, dorothy } = await katherineAndDorothySell()
    expect(await daily(katherine)).toEqual([
      { date: day(2), count: 1, revenue: 1.25 },
      { date: day(1), count: 1, revenue: 3.75 },
      { date: day(0), count: 2, revenue: 7.5 },
    ])
    expect(await daily(dorothy)).toEqual([{ date: day(0), count: 1, revenue: 6.25 }])
  })

  it('covers as many days as asked, today included', async () => {
    const { katherine } = await katherineAndDorothySell()
    expect(await daily(katherine, '?days=1')).toEqual([{ date: day(0), count: 2, revenue: 7.5 }])
    expect((await daily(katherine, '?days=2')).map((d) => d.date)).toEqual([day(1), day(0)])
    expect((await daily(katherine, '?days=3')).map((d) => d.date)).toEqual([day(2), day(1), day(0)])
    expect(await daily(katherine, '?days=365')).toEqual([
      { date: day(40), count: 1, revenue: 1.25 },
      { date: day(2), count: 1, revenue: 1.25 },
      { date: day(1), count: 1, revenue: 3.75 },
      { date: day(0), count: 2, revenue: 7.5 },
    ])
  })

  it('shows one link of mine when given its code', async () => {
    const { katherine, first, second } = await katherineAndDorothySell()
    expect(await daily(katherine, `?code=${first.code}`)).toEqual([
      { date: day(2), count: 1, revenue: 1.25 },
      { date: day(0), count: 1, revenue: 2.5 },
    ])
    expect(await daily(katherine, `?code=${second.code}&days=1`)).toEqual([{ date: day(0), count: 1, revenue: 5 }])
  })

  it('answers 404 for a code that is not one of my links', async () => {
    const katherine = await signUpAmbassador(platform)
    const dorothysLink = await createLink(await signUpAmbassador(platform), [mug.id])
    for (const code of [dorothysLink.code, 'NOSUCHLK']) {
      const response = await katherine.client.get<{ message: string }>(`/api/ambassador/stats/daily?code=${code}`)
      expect(response.status, code).toBe(404)
      expect(response.body.message).toBe('You have no link with this code')
    }
  })

  describe.each(['days=0', 'days=abc', 'days=366', 'days=1.5', 'code='])('refuses ?%s', (query) => {
    it('with 400', async () => {
      const katherine = await signUpAmbassador(platform)
      expect((await katherine.client.get(`/api/ambassador/stats/daily?${query}`)).status).toBe(400)
    })
  })

  it('counts a redelivered order once', async () => {
    const { katherine, first } = await katherineAndDorothySell()
    const event = await sell(first, [{ product: mug, quantity: 1 }], `${day(5)}T08:00:00.000Z`)
    await platform.redeliver(event)
    expect(await daily(katherine, `?code=${first.code}&days=6`)).toEqual([
      { date: day(5), count: 1, revenue: 1.25 },
      { date: day(2), count: 1, revenue: 1.25 },
      { date: day(0), count: 1, revenue: 2.5 },
    ])
  })
})
