import { describe, expect, it } from 'vitest'
import { encodeQr, QUIET_ZONE, qrPath, qrSide, qrSvgFile } from './qr-image.ts'

/** Paints the path's rectangles back onto a grid, to compare with the modules it was drawn from. */
function paint(path: string, side: number): boolean[][] {
  const grid = Array.from({ length: side }, () => Array.from({ length: side }, () => false))
  for (const [, x, y, width] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    for (let i = 0; i < Number(width); i++) {
      const row = grid[Number(y)]
      if (row) row[Number(x) + i] = true
    }
  }
  return grid
}

describe('the QR code of a link', () => {
  it('encodes a link as a square code with its finder patterns in the corners', async () => {
    const modules = await encodeQr('https://shop.example.com/c/AbCd2345')
    expect(modules.length).toBeGreaterThanOrEqual(21)
    expect((modules.length - 17) % 4).toBe(0) // versions grow by 4 modules a side
    for (const row of modules) expect(row).toHaveLength(modules.length)
    const last = modules.length - 1
    for (const [row, col] of [
      [0, 0],
      [0, last],
      [last, 0],
    ] as const) {
      expect(modules[row]?.[col], `corner ${row},${col}`).toBe(true)
    }
  })

  it('draws exactly the dark modules, inside a quiet zone', () => {
    const modules = [
      [true, true, false, true],
      [false, false, false, false],
      [true, false, true, true],
      [false, true, true, true],
    ]
    const side = qrSide(modules)
    expect(side).toBe(4 + 2 * QUIET_ZONE)
    const expected = Array.from({ length: side }, (_, y) =>
      Array.from({ length: side }, (_, x) => modules[y - QUIET_ZONE]?.[x - QUIET_ZONE] ?? false),
    )
    expect(paint(qrPath(modules), side)).toEqual(expected)
  })

  it('makes a standalone SVG file', async () => {
    const file = qrSvgFile(await encodeQr('https://shop.example.com/c/AbCd2345'))
    expect(file).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 (\d+) \1"/)
    expect(file).toContain('fill="#fff"')
  })
})
