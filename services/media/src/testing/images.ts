import zlib from 'node:zlib'
import sharp from 'sharp'

/** Test pictures, drawn here: a size, a format, and what each test needs of them. */

/** A photo-like JPEG (a gradient, so variants are not trivially small). */
export function jpegImage(width: number, height: number): Promise<Buffer> {
  return gradient(width, height).jpeg({ quality: 90 }).toBuffer()
}

/**
 * A JPEG stored on its side, as phones write them: `width`×`height` pixels with EXIF orientation 6 (turn 90°
 * clockwise to display), so it shows as `height`×`width`. It also carries a camera make, which must not survive.
 */
export function sidewaysJpeg(width: number, height: number): Promise<Buffer> {
  return gradient(width, height)
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({ IFD0: { Make: 'TestCam', Model: 'Sideways 6' } })
    .toBuffer()
}

/** A half-transparent green PNG (rgba 10, 200, 30, 50%). */
export function translucentPng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.5 } } })
    .png()
    .toBuffer()
}

export function pngImage(width: number, height: number): Promise<Buffer> {
  return gradient(width, height).png().toBuffer()
}

export function webpImage(width: number, height: number): Promise<Buffer> {
  return gradient(width, height).webp().toBuffer()
}

export function gifImage(width: number, height: number): Promise<Buffer> {
  return gradient(width, height).gif().toBuffer()
}

/** A PNG of more pixels than uploads may have, yet small as a file (one colour compresses to almost nothing). */
export function decompressionBomb(): Promise<Buffer> {
  return sharp({ create: { width: 8000, height: 7000, channels: 3, background: '#ffffff' } })
    .png({ compressionLevel: 9 })
    .toBuffer()
}

function gradient(width: number, height: number) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g"><stop offset="0" stop-color="#1e3a8a"/><stop offset="1" stop-color="#f59e0b"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/></svg>`
  return sharp(Buffer.from(svg))
}

/** A PNG whose header claims 100,000×100,000 pixels (ten gigapixels) over a few bytes of data. */
export function claimedGigapixelPng(): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(100_000, 0)
  header.writeUInt32BE(100_000, 4)
  header[8] = 8 // bits per channel
  header[9] = 2 // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(16))),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

function pngChunk(type: string, data: Buffer) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(typed))
  return Buffer.concat([length, typed, crc])
}
