import type { SavedAddress } from '@ambassador/contracts/http'
import { MAX_SAVED_ADDRESSES } from '@ambassador/contracts/limits'
import { userData } from '@ambassador/kit/testing/events'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkoutService } from './index.ts'

let platform: TestPlatform

beforeAll(async () => {
  platform = await startTestPlatform([checkoutService])
})
afterAll(() => platform?.close())

const shopper = () => platform.signIn(userData({ role: 'shopper' }))
const home = {
  first_name: 'Grace',
  last_name: 'Hopper',
  address: '1 Harbour St',
  country: 'USA',
  city: 'Arlington',
  zip: '22201',
}
const office = { ...home, address: '2 Navy Yard', city: 'Washington', zip: '20374' }

async function save(client: TestClient, body: Record<string, unknown>) {
  const response = await client.post<SavedAddress>('/api/store/addresses', body)
  expect(response.status, response.text).toBe(201)
  return response.body
}

async function list(client: TestClient) {
  const response = await client.get<SavedAddress[]>('/api/store/addresses')
  expect(response.status).toBe(200)
  return response.body
}

/** Which of the listed addresses is the default, by street. */
async function defaultStreet(client: TestClient) {
  return (await list(client)).filter((a) => a.is_default).map((a) => a.address)
}

describe('saved addresses', () => {
  it('keeps a shopper’s addresses, the first as the default, and lists the default first, then the newest', async () => {
    const client = await shopper()
    expect(await list(client)).toEqual([])
    const first = await save(client, home)
    expect(first).toEqual({ id: expect.any(String), ...home, is_default: true })
    const second = await save(client, office)
    expect(second.is_default).toBe(false)
    const third = await save(client, { ...home, address: '3 Pier Rd' })
    expect((await list(client)).map((a) => a.id)).toEqual([first.id, third.id, second.id])
  })

  it('moves the default to an address saved, changed or picked as the default, so there is always exactly one', async () => {
    const client = await shopper()
    const first = await save(client, home)
    const second = await save(client, { ...office, is_default: true })
    expect(second.is_default).toBe(true)
    expect(await defaultStreet(client)).toEqual(['2 Navy Yard'])

    const picked = await client.post<SavedAddress>(`/api/store/addresses/${first.id}/default`)
    expect(picked.status).toBe(200)
    expect(picked.body.is_default).toBe(true)
    expect(await defaultStreet(client)).toEqual(['1 Harbour St'])
    // Picking the default again changes nothing.
    expect((await client.post(`/api/store/addresses/${first.id}/default`)).status).toBe(200)
    expect(await defaultStreet(client)).toEqual(['1 Harbour St'])

    const changed = await client.put<SavedAddress>(`/api/store/addresses/${second.id}`, {
      ...office,
      zip: '20375',
      is_default: true,
    })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({ zip: '20375', is_default: true })
    expect(await defaultStreet(client)).toEqual(['2 Navy Yard'])
  })

  it('keeps the default when an address is changed without saying, and refuses to leave none', async () => {
    const client = await shopper()
    const first = await save(client, home)
    const changed = await client.put<SavedAddress>(`/api/store/addresses/${first.id}`, { ...home, city: 'Boston' })
    expect(changed.body).toMatchObject({ city: 'Boston', is_default: true })
    const refused = await client.put<{ code: string }>(`/api/store/addresses/${first.id}`, {
      ...home,
      is_default: false,
    })
    expect(refused.status).toBe(409)
    expect(refused.body.code).toBe('address_default_needed')
    expect(await defaultStreet(client)).toEqual(['1 Harbour St'])
  })

  it('makes the most recent other address the default when the default is deleted', async () => {
    const client = await shopper()
    const first = await save(client, home)
    await save(client, office)
    await save(client, { ...home, address: '3 Pier Rd' })
    const dock = await save(client, { ...home, address: '4 Dock Ln' })
    // Deleting an address that is not the default leaves the default alone.
    expect((await client.delete(`/api/store/addresses/${dock.id}`)).status).toBe(204)
    expect(await defaultStreet(client)).toEqual(['1 Harbour St'])

    expect((await client.delete(`/api/store/addresses/${first.id}`)).status).toBe(204)
    expect(await defaultStreet(client)).toEqual(['3 Pier Rd'])
    expect((await list(client)).map((a) => a.address)).toEqual(['3 Pier Rd', '2 Navy Yard'])
    expect((await client.delete(`/api/store/addresses/${first.id}`)).status).toBe(404)
  })

  it(`keeps at most ${MAX_SAVED_ADDRESSES} addresses a shopper, even when they are saved all at once`, async () => {
    const client = await shopper()
    const saves = await Promise.all(
      Array.from({ length: MAX_SAVED_ADDRESSES + 5 }, (_, i) =>
        client.post<{ code: string }>('/api/store/addresses', { ...home, address: `${i + 1} Harbour St` }),
      ),
    )
    expect(saves.filter((r) => r.status === 201)).toHaveLength(MAX_SAVED_ADDRESSES)
    const refused = saves.filter((r) => r.status !== 201)
    expect(refused.map((r) => [r.status, r.body.code])).toEqual(Array(5).fill([409, 'address_limit']))
    const kept = await list(client)
    expect(kept).toHaveLength(MAX_SAVED_ADDRESSES)
    expect(kept.filter((a) => a.is_default)).toHaveLength(1)

    // One deleted makes room for one more.
    await client.delete(`/api/store/addresses/${kept[5]?.id}`)
    await save(client, office)
    expect((await client.post('/api/store/addresses', office)).status).toBe(409)
    // Another shopper's room is their own.
    await save(await shopper(), home)
  })

  it('never shows or changes another shopper’s address: the same 404 as an unknown one', async () => {
    const owner = await shopper()
    const theirs = await save(owner, home)
    const other = await shopper()
    await save(other, office)
    expect((await list(other)).map((a) => a.address)).toEqual(['2 Navy Yard'])
    for (const id of [theirs.id, crypto.randomUUID(), 'not-an-id']) {
      for (const [method, path, body] of [
        ['PUT', `/api/store/addresses/${id}`, office],
        ['DELETE', `/api/store/addresses/${id}`, undefined],
        ['POST', `/api/store/addresses/${id}/default`, {}],
      ] as const) {
        const response = await other.request<{ message: string }>(method, path, body)
        expect({ method, id, status: response.status }).toEqual({ method, id, status: 404 })
        expect(response.body.message).toBe('Address not found')
      }
    }
    expect(await list(owner)).toEqual([theirs])
  })

  it('is for signed-in shoppers only', async () => {
    expect((await testClient(platform.app).get('/api/store/addresses')).status).toBe(401)
    expect((await testClient(platform.app).post('/api/store/addresses', home)).status).toBe(401)
    const ambassador = await platform.signIn(userData({ role: 'ambassador' }))
    expect((await ambassador.get('/api/store/addresses')).status).toBe(403)
  })

  describe.each([
    ['a missing city', { ...home, city: undefined }],
    ['a blank first name', { ...home, first_name: '   ' }],
    ['an empty address', { ...home, address: '' }],
    ['a zip longer than 20 characters', { ...home, zip: '1'.repeat(21) }],
    ['a country longer than 100 characters', { ...home, country: 'x'.repeat(101) }],
    ['a number for a street', { ...home, address: 12 }],
    ['a default that is not true or false', { ...home, is_default: 'yes' }],
  ])('refuses %s', (_, body) => {
    it('with a 400 naming the field, and keeps nothing', async () => {
      const client = await shopper()
      const created = await client.post<{ statusCode: number; message: string }>('/api/store/addresses', body)
      expect(created.status).toBe(400)
      expect(created.body.message).toMatch(/city|first_name|address|zip|country|is_default/)
      const kept = await save(client, home)
      const changed = await client.put(`/api/store/addresses/${kept.id}`, body)
      expect(changed.status).toBe(400)
      expect(await list(client)).toEqual([kept])
    })
  })
})
