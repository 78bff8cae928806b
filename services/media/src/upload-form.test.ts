import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { userData } from '@ambassador/kit/testing/events'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mediaService } from './index.ts'
import { claimedGigapixelPng, decompressionBomb, gifImage, jpegImage } from './testing/images.ts'
import { imageForm, uploadForm } from './testing/uploads.ts'
import { MAX_UPLOAD_BYTES } from './upload-form.ts'

let platform: TestPlatform
let admin: TestClient
let aJpeg: Buffer

beforeAll(async () => {
  platform = await startTestPlatform([mediaService])
  admin = await platform.signIn(userData({ role: 'admin' }))
  aJpeg = await jpegImage(640, 480)
})
afterAll(() => platform?.close())

const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'

describe('an upload that is not a JPEG, PNG or WebP image is refused with 415', () => {
  it.each([
    ['a GIF', () => gifImage(40, 30), 'anim.gif', 'image/gif'],
    [
      'a text file named .jpg and sent as image/jpeg',
      async () => Buffer.from('not a picture at all\n'),
      'photo.jpg',
      'image/jpeg',
    ],
    [
      'an SVG (which the decoder could read, but is a document, not a photo)',
      async () => Buffer.from(svg),
      'x.svg',
      'image/svg+xml',
    ],
    ['a JPEG cut off half way', async () => aJpeg.subarray(0, aJpeg.length / 2), 'half.jpg', 'image/jpeg'],
    [
      'bytes that start like a PNG and go on as anything else',
      async () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]),
      'x.png',
      'image/png',
    ],
  ])('%s', async (_name, bytes, fileName, type) => {
    const response = await uploadForm(admin, imageForm(await bytes(), { name: fileName, type }))
    expect(response.status).toBe(415)
    expect(response.body).toMatchObject({ code: 'unsupported_media_type', message: expect.stringMatching(/JPEG, PNG/) })
  })

  it('a body that is not a multipart form (JSON)', async () => {
    const response = await admin.post<{ code: string; message: string }>('/api/admin/media', { file: 'aGVsbG8=' })
    expect(response.status).toBe(415)
    expect(response.body).toMatchObject({
      code: 'unsupported_media_type',
      message: expect.stringContaining('multipart'),
    })
  })
})

describe('what is too large is refused with 413', () => {
  it('a file of 11 MB', async () => {
    const tooBig = Buffer.concat([aJpeg, Buffer.alloc(11 * 1024 * 1024 - aJpeg.length)])
    const response = await uploadForm(admin, imageForm(tooBig))
    expect(response.status).toBe(413)
    expect(response.body).toMatchObject({ code: 'too_large', message: 'The file is larger than 10 MB' })
    // The same form built by hand and arriving in one piece: cut off before the service even sees the file.
    const boundary = 'one-piece'
    const onePiece = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.jpg"\r\n\r\n`),
      tooBig,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const inOnePiece = await platform.app.inject({
      method: 'POST',
      url: '/api/admin/media',
      payload: onePiece,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: admin.cookie ?? '' },
    })
    expect(inOnePiece.statusCode).toBe(413)
  })

  it('as soon as the file passes 10 MB, without waiting for the rest of the upload', async () => {
    // Over a real connection, 11 MB of a file and then a body that never ends: only a server that stops reading at
    // the limit can answer at all.
    await platform.app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = platform.app.server.address() as AddressInfo
    const boundary = 'never-ending'
    const upload = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/admin/media',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: admin.cookie ?? '' },
    })
    const answered = new Promise<{ status?: number; body: string }>((resolve, reject) => {
      upload.on('response', async (response) => {
        const chunks: Buffer[] = []
        for await (const chunk of response) chunks.push(chunk)
        resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString() })
      })
      upload.on('error', reject)
    })
    upload.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.jpg"\r\n\r\n`)
    upload.write(aJpeg)
    for (let megabyte = 0; megabyte < 11; megabyte++) upload.write(Buffer.alloc(1024 * 1024))
    const response = await answered
    upload.destroy()
    expect(response.status).toBe(413)
    expect(JSON.parse(response.body)).toMatchObject({ code: 'too_large' })
  })

  it('while a file of exactly 10 MB goes through (far past the 256 KB body limit of JSON routes)', async () => {
    const tenMegabytes = Buffer.concat([aJpeg, Buffer.alloc(MAX_UPLOAD_BYTES - aJpeg.length)])
    const response = await uploadForm(admin, imageForm(tenMegabytes))
    expect(response.status).toBe(201)
    expect(response.body).toMatchObject({ width: 640, height: 480 })
  })

  it('an image of more than 50 megapixels, however small its file (a decompression bomb)', async () => {
    const bomb = await decompressionBomb()
    expect(bomb.length).toBeLessThan(1024 * 1024)
    const response = await uploadForm(admin, imageForm(bomb, { name: 'bomb.png', type: 'image/png' }))
    expect(response.status).toBe(413)
    expect(response.body).toMatchObject({
      code: 'too_many_pixels',
      message: 'The image is 8000×7000 pixels; at most 50 megapixels are accepted',
    })
  })

  it('an image whose header claims ten gigapixels, refused from the header alone', async () => {
    const response = await uploadForm(admin, imageForm(claimedGigapixelPng(), { name: 'huge.png', type: 'image/png' }))
    expect(response.status).toBe(413)
    expect(response.body).toMatchObject({ code: 'too_many_pixels', message: expect.stringContaining('100000×100000') })
  })

  it('a form with more fields than an upload needs', async () => {
    const form = imageForm(aJpeg)
    for (let i = 0; i < 20; i++) form.append(`field${i}`, 'x')
    const response = await uploadForm(admin, form)
    expect(response.status).toBe(413)
    expect(response.body.code).toBe('too_large')
  })
})

describe('a form without exactly one image is refused with 400', () => {
  it('no file at all', async () => {
    const form = new FormData()
    form.append('title', 'a picture, supposedly')
    const response = await uploadForm(admin, form)
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ code: 'missing_file', message: 'Send the image in a form field named file' })
  })

  it('the file in another field', async () => {
    const response = await uploadForm(admin, imageForm(aJpeg, { field: 'image' }))
    expect(response.status).toBe(400)
    expect(response.body.code).toBe('missing_file')
  })

  it('an empty file', async () => {
    const response = await uploadForm(admin, imageForm(Buffer.alloc(0)))
    expect(response.status).toBe(400)
    expect(response.body.code).toBe('empty_file')
  })

  it('two files', async () => {
    const form = imageForm(aJpeg)
    form.append('file', new Blob([aJpeg], { type: 'image/jpeg' }), 'second.jpg')
    const response = await uploadForm(admin, form)
    expect(response.status).toBe(400)
    expect(response.body.code).toBe('too_many_files')
  })

  it.each([
    ['without a boundary', 'multipart/form-data', '--x\r\n'],
    [
      'cut off inside a part',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nabc',
    ],
  ])('a multipart body %s', async (_name, contentType, body) => {
    const response = await uploadForm(admin, body, { 'content-type': contentType })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ message: expect.any(String) })
  })
})

describe('who may upload and list', () => {
  it('answers 401 to anonymous callers, before reading the upload', async () => {
    const anonymous = testClient(platform.app)
    expect((await uploadForm(anonymous, imageForm(aJpeg))).status).toBe(401)
    expect((await anonymous.get('/api/admin/media')).status).toBe(401)
  })

  it('answers 403 to an ambassador', async () => {
    const ambassador = await platform.signIn(userData({ role: 'ambassador' }))
    expect((await uploadForm(ambassador, imageForm(aJpeg))).status).toBe(403)
    expect((await ambassador.get('/api/admin/media')).status).toBe(403)
  })

  it('refuses an admin whose session ended (signed out elsewhere): media keeps its own record of sessions', async () => {
    const leaving = userData({ role: 'admin' })
    const client = await platform.signIn(leaving)
    expect((await client.get('/api/admin/media')).status).toBe(200)
    await platform.publish('user.updated', leaving.id, { ...leaving, session_version: 1 })
    expect((await client.get('/api/admin/media')).status).toBe(401)
    expect((await uploadForm(client, imageForm(aJpeg))).status).toBe(401)
  })
})

describe('a media file name that is not `<hash>-<variant>.webp` is not found', () => {
  it.each([
    '/media/..%2F..%2Fetc%2Fpasswd',
    '/media/..%2Fpostgres%2Fpostmaster.pid',
    '/media/%2E%2E',
    `/media/${'ab'.repeat(16)}-card.png`,
    `/media/${'ab'.repeat(16)}-huge.webp`,
    `/media/${'AB'.repeat(16)}-card.webp`,
    `/media/${'ab'.repeat(15)}-card.webp`,
    `/media/.${'ab'.repeat(16)}-card.webp.0a1b2c.partial`,
    '/media/server.pid',
  ])('%s', async (url) => {
    const response = await platform.app.inject({ method: 'GET', url })
    expect(response.statusCode).toBe(404)
  })
})
