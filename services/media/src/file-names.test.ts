import { describe, expect, it } from 'vitest'
import { mediaFileName, parseMediaFileName } from './file-names.ts'

const hash = '0123456789abcdef0123456789abcdef'

describe('media file names', () => {
  it.each(['thumb', 'card', 'full'] as const)('reads back the %s variant of an image from its file name', (variant) => {
    expect(parseMediaFileName(mediaFileName(hash, variant))).toEqual({ hash, variant })
  })

  it.each([
    '../../etc/passwd',
    `../${hash}-card.webp`,
    `${hash}-card.webp/..`,
    `${hash}-card.png`,
    `${hash}-card.webp.partial`,
    `.${hash}-card.webp`,
    `${hash}-original.webp`,
    `${hash.toUpperCase()}-card.webp`,
    `${hash.slice(1)}-card.webp`,
    `${hash}0-card.webp`,
    `${hash}-card.webp\u0000.png`,
    '',
  ])('refuses %j', (name) => {
    expect(parseMediaFileName(name)).toBeUndefined()
  })
})
