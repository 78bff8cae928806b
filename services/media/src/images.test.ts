import { stat, unlink } from 'node:fs/promises'
import path from 'node:path'
import type { Env } from '@ambassador/kit/config/config'
import { userData } from '@ambassador/kit/testing/events'
import type { TestClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { DeleteObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImageView } from './images.ts'
import { mediaService } from './index.ts'
import { jpegImage, pngImage, sidewaysJpeg, translucentPng, webpImage } from './testing/images.ts'
import { startS3Server } from './testing/s3-server.ts'
import { fetchMediaFile, imageForm, uploadForm } from './testing/uploads.ts'

/** Where the service keeps its files in a test: what it needs set, and a look inside that does not go through it. */
type TestStorage = {
  env: Env
  holds(key: string, dataDir: string): Promise<boolean>
  remove(key: string, dataDir: string): Promise<void>
  close(): Promise<void>
}

const onDisk = async (): Promise<TestStorage> => ({
  env: {},
  holds: (key, dataDir) => exists(path.join(dataDir, 'media', key)),
  remove: (key, dataDir) => unlink(path.join(dataDir, 'media', key)),
  close: async () => {},
})

const inS3 = async (): Promise<TestStorage> => {
  const s3 = await startS3Server()
  return {
    env: s3.env,
    holds: (key) =>
      s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key })).then(
        () => true,
        () => false,
      ),
    remove: async (key) => {
      await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: key }))
    },
    close: s3.close,
  }
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  )

describe.each([
  ['on disk, under DATA_DIR/media', onDisk, 'disk'],
  ['in S3, on a real S3-protocol server (s3rver)', inS3, 's3'],
])('images stored %s', (_where, startStorage, kind) => {
  let storage: TestStorage
  let platform: TestPlatform
  let admin: TestClient
  let publicUrl: string
  let dataDir: string

  beforeAll(async () => {
    storage = await startStorage()
    platform = await startTestPlatform([mediaService], storage.env)
    admin = await platform.signIn(userData({ role: 'admin' }))
    const config = platform.contexts.get('media')?.config
    if (!config) throw new Error('the media service did not start')
    publicUrl = config.publicUrl
    dataDir = config.dataDir
  })
  afterAll(async () => {
    await platform?.close()
    await storage?.close()
  })

  /** Decodes a served variant and checks it is the WebP the answer described. */
  async function expectServedVariant(variant: { url: string; width: number; height: number }) {
    const served = await fetchMediaFile(platform.app, variant.url)
    expect(served.status).toBe(200)
    expect(served.headers['content-type']).toBe('image/webp')
    const decoded = await sharp(served.bytes).metadata()
    expect({ format: decoded.format, width: decoded.width, height: decoded.height }).toEqual({
      format: 'webp',
      width: variant.width,
      height: variant.height,
    })
    return served
  }

  it('resizes a 2400×1600 JPEG into WebP variants 200, 600 and 1600 px wide, and serves each', async () => {
    const response = await uploadForm(admin, imageForm(await jpegImage(2400, 1600)))
    expect(response.status).toBe(201)
    const image = response.body
    expect(image.hash).toMatch(/^[0-9a-f]{32}$/)
    const file = (variant: string) => `${publicUrl}/media/${image.hash}-${variant}.webp`
    expect(image).toMatchObject({
      width: 2400,
      height: 1600,
      variants: {
        thumb: { url: file('thumb'), width: 200, height: 133 },
        card: { url: file('card'), width: 600, height: 400 },
        full: { url: file('full'), width: 1600, height: 1067 },
      },
      url: file('card'),
      srcset: `${file('thumb')} 200w, ${file('card')} 600w, ${file('full')} 1600w`,
    })
    for (const variant of Object.values(image.variants)) await expectServedVariant(variant)
    for (const variant of ['thumb', 'card', 'full']) {
      expect(await storage.holds(`${image.hash}-${variant}.webp`, dataDir)).toBe(true)
    }
    if (kind === 's3') expect(await exists(path.join(dataDir, 'media'))).toBe(false)
  })

  it('keeps the transparency and the colours of a PNG with alpha', async () => {
    const { body: image } = await uploadForm(admin, imageForm(await translucentPng(800, 600), { name: 'logo.png' }))
    const served = await expectServedVariant(image.variants.thumb)
    expect((await sharp(served.bytes).metadata()).hasAlpha).toBe(true)
    const { data } = await sharp(served.bytes).raw().toBuffer({ resolveWithObject: true })
    const [r = 0, g = 0, b = 0, alpha = 0] = data
    // rgba(10, 200, 30, 50%), give or take WebP's lossy rounding
    for (const [got, want] of [
      [r, 10],
      [g, 200],
      [b, 30],
      [alpha, 128],
    ] as const) {
      expect(Math.abs(got - want)).toBeLessThanOrEqual(4)
    }
  })

  it('accepts a WebP upload', async () => {
    const response = await uploadForm(admin, imageForm(await webpImage(1000, 500), { name: 'x.webp' }))
    expect(response.status).toBe(201)
    expect(response.body.variants).toMatchObject({
      thumb: { width: 200, height: 100 },
      card: { width: 600, height: 300 },
      full: { width: 1000, height: 500 },
    })
    await expectServedVariant(response.body.variants.full)
  })

  it('turns a sideways phone photo upright (EXIF orientation 6) and keeps none of its metadata', async () => {
    const { body: image } = await uploadForm(admin, imageForm(await sidewaysJpeg(300, 200)))
    expect({ width: image.width, height: image.height }).toEqual({ width: 200, height: 300 })
    expect(image.variants.full).toMatchObject({ width: 200, height: 300 })
    const served = await expectServedVariant(image.variants.full)
    const metadata = await sharp(served.bytes).metadata()
    expect(metadata.exif).toBeUndefined()
    expect(metadata.orientation).toBeUndefined()
    expect(served.bytes.includes('TestCam')).toBe(false)
  })

  it('never enlarges a small image, and its srcset names that one width once', async () => {
    const { body: image } = await uploadForm(admin, imageForm(await pngImage(150, 100), { name: 'small.png' }))
    for (const variant of Object.values(image.variants)) {
      expect(variant).toMatchObject({ width: 150, height: 100 })
      await expectServedVariant(variant)
    }
    expect(image.srcset).toBe(`${image.variants.thumb.url} 150w`)
  })

  it('answers the image already there when the same bytes come again: 201 the first time, 200 after', async () => {
    const bytes = await jpegImage(640, 480)
    const first = await uploadForm(admin, imageForm(bytes, { name: 'a.jpg' }))
    const again = await uploadForm(admin, imageForm(bytes, { name: 'another-name.jpg', type: 'image/png' }))
    expect([first.status, again.status]).toEqual([201, 200])
    expect(again.body).toEqual(first.body)
    const listed = await admin.get<{ data: ImageView[] }>('/api/admin/media?per_page=200')
    expect(listed.body.data.filter((image) => image.hash === first.body.hash)).toHaveLength(1)
  })

  it('stores the files again when the same bytes come back after the storage lost one', async () => {
    const bytes = await jpegImage(700, 500)
    const { body: image } = await uploadForm(admin, imageForm(bytes))
    const key = `${image.hash}-card.webp`
    await storage.remove(key, dataDir)
    expect((await fetchMediaFile(platform.app, image.url)).status).toBe(404)
    const again = await uploadForm(admin, imageForm(bytes))
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(image.id)
    await expectServedVariant(image.variants.card)
  })

  it('serves a variant cacheable for a year with an ETag, 304 while it is current, and HEAD without the body', async () => {
    const { body: image } = await uploadForm(admin, imageForm(await jpegImage(900, 600)))
    const served = await fetchMediaFile(platform.app, image.url, { headers: { 'accept-encoding': 'gzip, br' } })
    const etag = `"${image.hash}-card"`
    expect(served.headers).toMatchObject({
      'content-type': 'image/webp',
      'cache-control': 'public, max-age=31536000, immutable',
      etag,
      'content-length': String(served.bytes.length),
    })
    expect(served.headers['content-encoding']).toBeUndefined() // WebP is compressed already

    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const revalidated = await fetchMediaFile(platform.app, image.url, { headers: { 'if-none-match': ifNoneMatch } })
      expect({ ifNoneMatch, status: revalidated.status, body: revalidated.bytes.length }).toEqual({
        ifNoneMatch,
        status: 304,
        body: 0,
      })
      expect(revalidated.headers).toMatchObject({ etag, 'cache-control': 'public, max-age=31536000, immutable' })
    }
    const stale = await fetchMediaFile(platform.app, image.url, { headers: { 'if-none-match': '"something-else"' } })
    expect(stale.status).toBe(200)
    expect(stale.bytes.equals(served.bytes)).toBe(true)

    const head = await fetchMediaFile(platform.app, image.url, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers).toMatchObject({
      'content-type': 'image/webp',
      etag,
      'content-length': String(served.bytes.length),
    })
    expect(head.bytes.length).toBe(0)
  })

  it('answers 404, not cacheable, for a well-formed name nothing was stored under, on GET and HEAD', async () => {
    const unknown = `/media/${'ab'.repeat(16)}-card.webp`
    const missing = await fetchMediaFile(platform.app, unknown)
    expect(missing.status).toBe(404)
    // Nothing may keep a "not found" for a year: the same name may be uploaded in a minute.
    expect(missing.headers['cache-control']).toBeUndefined()
    expect(missing.headers.etag).toBeUndefined()
    expect((await fetchMediaFile(platform.app, unknown, { method: 'HEAD' })).status).toBe(404)
    expect((await fetchMediaFile(platform.app, unknown, { headers: { 'if-none-match': '*' } })).status).toBe(404)
  })
})

describe('the list of uploads', () => {
  let platform: TestPlatform
  let admin: TestClient
  beforeAll(async () => {
    // A clock that moves a second at every reading: uploads are ordered by when they happened, not by luck.
    let now = Date.parse('2030-01-01T00:00:00Z')
    const clock = {
      now: () => {
        now += 1_000
        return new Date(now)
      },
    }
    platform = await startTestPlatform([mediaService], {}, { clock })
    admin = await platform.signIn(userData({ role: 'admin' }))
  })
  afterAll(() => platform?.close())

  it('lists the newest uploads first, a page at a time', async () => {
    const hashes: string[] = []
    for (const width of [300, 310, 320]) {
      hashes.push((await uploadForm(admin, imageForm(await pngImage(width, 200)))).body.hash)
    }
    const first = await admin.get<{ data: ImageView[]; total: number; page: number; last_page: number }>(
      '/api/admin/media?page=1&per_page=2',
    )
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ total: 3, page: 1, last_page: 2 })
    expect(first.body.data.map((image) => image.hash)).toEqual([hashes[2], hashes[1]])
    const second = await admin.get<{ data: ImageView[] }>('/api/admin/media?page=2&per_page=2')
    expect(second.body.data.map((image) => image.hash)).toEqual([hashes[0]])
    const everything = await admin.get<{ data: ImageView[] }>('/api/admin/media')
    expect(everything.body.data[0]).toMatchObject({ hash: hashes[2], srcset: expect.stringContaining(' 320w') })
  })
})
