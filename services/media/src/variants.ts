import { AppError } from '@ambassador/kit/errors/errors'
import { type ImageFormat, imageFormatOf } from './image-format.ts'

/** The widths every upload is resized to (never enlarged): thumbnails, product cards, the product page. */
export const VARIANT_WIDTHS = { thumb: 200, card: 600, full: 1600 } as const
export type VariantName = keyof typeof VARIANT_WIDTHS
export const VARIANT_NAMES = Object.keys(VARIANT_WIDTHS) as VariantName[]

/** More pixels than this are refused before decoding: a small file can unpack into gigabytes (a decompression bomb). */
export const MAX_PIXELS = 50_000_000

/** WebP's largest side: a very tall variant is held to it rather than failing to encode. */
const WEBP_MAX_SIDE = 16_383
const WEBP_QUALITY = 80

export type RenderedVariant = { bytes: Buffer; width: number; height: number }

export type RenderedImage = {
  format: ImageFormat
  /** The original's size as displayed, after its EXIF orientation. */
  width: number
  height: number
  variants: Record<VariantName, RenderedVariant>
}

/**
 * Checks that `original` is a JPEG, PNG or WebP image that decodes in full, and renders its WebP variants: upright
 * (EXIF orientation applied), without metadata (sharp writes none unless asked), never wider than the original.
 */
export async function renderVariants(original: Buffer): Promise<RenderedImage> {
  const format = imageFormatOf(original)
  if (!format) throw unsupportedImage('Only JPEG, PNG and WebP images are accepted')
  const sharp = await loadSharp()
  // The header only, nothing decoded: read whatever size it claims (sharp's own limit would hide it in an error).
  const metadata = await sharp(original, { limitInputPixels: false })
    .metadata()
    .catch(() => undefined)
  // Bytes that start like one format but are not a readable image of it.
  if (metadata?.format !== format) throw unreadableImage()
  if (metadata.width * metadata.height > MAX_PIXELS) {
    throw new AppError(
      413,
      `The image is ${metadata.width}×${metadata.height} pixels; at most ${MAX_PIXELS / 1_000_000} megapixels are accepted`,
      'too_many_pixels',
    )
  }
  // Decoded once (upright, shrunk to the largest variant); every variant is made from those pixels. `failOn: 'error'`
  // refuses truncated and corrupt data but lets through the harmless warnings many cameras' files raise.
  const largest = await sharp(original, { failOn: 'error', limitInputPixels: MAX_PIXELS, autoOrient: true })
    .resize(within(VARIANT_WIDTHS.full))
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch(() => {
      throw unreadableImage()
    })
  // sharp reports resized raw output as premultiplied, yet hands it back with straight alpha: read it as straight.
  const pixels = { raw: { width: largest.info.width, height: largest.info.height, channels: channels(largest.info) } }
  const rendered = await Promise.all(
    VARIANT_NAMES.map(async (name) => {
      const { data, info } = await sharp(largest.data, pixels)
        .resize(within(VARIANT_WIDTHS[name]))
        .webp({ quality: WEBP_QUALITY })
        .toBuffer({ resolveWithObject: true })
      return [name, { bytes: data, width: info.width, height: info.height }] as const
    }),
  )
  return {
    format,
    width: metadata.autoOrient.width,
    height: metadata.autoOrient.height,
    variants: Object.fromEntries(rendered) as Record<VariantName, RenderedVariant>,
  }
}

const within = (width: number) => ({ width, height: WEBP_MAX_SIDE, fit: 'inside', withoutEnlargement: true }) as const

function channels(info: { channels: number }): 1 | 2 | 3 | 4 {
  const { channels } = info
  if (channels === 1 || channels === 2 || channels === 3 || channels === 4) return channels
  throw new Error(`sharp decoded an image into ${channels} channels`)
}

const unsupportedImage = (message: string) => new AppError(415, message, 'unsupported_media_type')

const unreadableImage = () =>
  unsupportedImage('The file could not be read as a JPEG, PNG or WebP image (it may be truncated or corrupt)')

let sharpLoading: Promise<typeof import('sharp')> | undefined

/** sharp takes a quarter of a second to load: the first upload pays it, not every start of the server. */
async function loadSharp() {
  sharpLoading ??= import('sharp')
  return (await sharpLoading).default
}
