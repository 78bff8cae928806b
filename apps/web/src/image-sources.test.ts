import { describe, expect, it } from 'vitest'
import { imageSources } from './image-sources.ts'

const hash = '0123456789abcdef0123456789abcdef'

describe('the sources of a product picture', () => {
  it('offers the three widths of a media picture, whichever variant was stored', () => {
    expect(imageSources(`https://shop.example/media/${hash}-full.webp`)).toEqual({
      src: `https://shop.example/media/${hash}-card.webp`,
      srcSet: [
        `https://shop.example/media/${hash}-thumb.webp 200w`,
        `https://shop.example/media/${hash}-card.webp 600w`,
        `https://shop.example/media/${hash}-full.webp 1600w`,
      ].join(', '),
    })
    expect(imageSources(`/media/${hash}-thumb.webp`).srcSet).toContain(`/media/${hash}-full.webp 1600w`)
  })

  it.each([
    'https://cdn.example/mug.jpg',
    `/media/${hash}-huge.webp`,
    `/media/${hash.slice(1)}-card.webp`,
    `/media/${hash}-card.webp?v=2`,
    '',
  ])('uses any other address (%s) as it is', (url) => {
    expect(imageSources(url)).toEqual({ src: url })
  })
})
