import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../api.ts'
import { MAX_UPLOAD_BYTES, uploadImage, uploadProblem } from './upload.ts'

describe('uploading an image', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('refuses an empty file and one over 10 MB before sending it', () => {
    expect(uploadProblem({ size: 0 })).toBe('The file is empty')
    expect(uploadProblem({ size: MAX_UPLOAD_BYTES })).toBeUndefined()
    expect(uploadProblem({ size: MAX_UPLOAD_BYTES + 1 })).toBe('The file is larger than 10 MB')
  })

  it('sends the file as a form in the field `file`, leaving the content type to the browser', async () => {
    const fetch = vi.fn(async (_path: string, _init: RequestInit) =>
      Response.json({ id: 'i', url: 'https://shop/media/a-card.webp' }, { status: 201 }),
    )
    vi.stubGlobal('fetch', fetch)
    const image = await uploadImage(new File([new Uint8Array([1, 2, 3])], 'mug.png', { type: 'image/png' }))
    expect(image.url).toBe('https://shop/media/a-card.webp')
    const [path, init] = fetch.mock.calls[0] ?? ['', {}]
    expect(path).toBe('/api/admin/media')
    expect(init.method).toBe('POST')
    expect(init.headers).toBeUndefined()
    expect((init.body as FormData).get('file')).toBeInstanceOf(File)
  })

  it("shows the server's refusal as it says it", async () => {
    const message = 'Only JPEG, PNG and WebP images are accepted'
    vi.stubGlobal('fetch', async () => Response.json({ statusCode: 415, message }, { status: 415 }))
    const upload = uploadImage(new File(['GIF89a'], 'a.gif'))
    await expect(upload).rejects.toThrow(message)
    await expect(upload).rejects.toBeInstanceOf(ApiError)
  })

  it('explains a 413 from a proxy that answers in HTML', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>Too large</html>', { status: 413 }))
    await expect(uploadImage(new File(['x'], 'a.jpg'))).rejects.toThrow('The file is larger than 10 MB')
  })
})
