import { describe, expect, it } from 'vitest'
import { imageFormatOf } from './image-format.ts'
import { gifImage, jpegImage, pngImage, webpImage } from './testing/images.ts'

describe('imageFormatOf', () => {
  it.each([
    ['jpeg', () => jpegImage(20, 10)],
    ['png', () => pngImage(20, 10)],
    ['webp', () => webpImage(20, 10)],
  ])('tells a real %s by its first bytes', async (format, image) => {
    expect(imageFormatOf(await image())).toBe(format)
  })

  it.each([
    ['a GIF', async () => gifImage(20, 10)],
    ['an SVG', async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['text', async () => Buffer.from('hello')],
    ['a RIFF file that is no WebP (a WAV sound)', async () => Buffer.from('RIFF\u0024\u0000\u0000\u0000WAVEfmt ')],
    ['nothing', async () => Buffer.alloc(0)],
    ['two bytes of a JPEG', async () => Buffer.from([0xff, 0xd8])],
  ])('knows %s is none of them', async (_name, bytes) => {
    expect(imageFormatOf(await bytes())).toBeUndefined()
  })
})
