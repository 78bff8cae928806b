/** The formats an upload may be in. */
export type ImageFormat = 'jpeg' | 'png' | 'webp'

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/**
 * The format of an image, told by its first bytes (magic numbers), never by the name or the content type the
 * client gave: JPEG (FF D8 FF), PNG (its 8-byte signature) or WebP (a RIFF container of type WEBP). Undefined for
 * anything else (GIF, SVG, text, …), which is then never handed to the image decoder at all.
 */
export function imageFormatOf(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png'
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp'
  return undefined
}

function startsWith(bytes: Uint8Array, prefix: number[]) {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte)
}

function ascii(bytes: Uint8Array, from: number, to: number) {
  return bytes.length >= to ? String.fromCharCode(...bytes.subarray(from, to)) : ''
}
