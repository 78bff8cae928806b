/** The widths the media service makes of every uploaded picture (`/media/<hash>-<variant>.webp`). */
export const MEDIA_WIDTHS = { thumb: 200, card: 600, full: 1600 } as const

const MEDIA_FILE = /^(.*\/media\/[0-9a-f]{32})-(?:thumb|card|full)\.webp$/

/**
 * The `src` and `srcset` of a product picture: a media picture offers all three of its widths, so the browser
 * downloads the one the screen needs; any other address (a picture hosted elsewhere) is used as it is.
 */
export function imageSources(url: string): { src: string; srcSet?: string } {
  const base = MEDIA_FILE.exec(url)?.[1]
  if (!base) return { src: url }
  const variants = Object.entries(MEDIA_WIDTHS).map(([variant, width]) => `${base}-${variant}.webp ${width}w`)
  return { src: `${base}-card.webp`, srcSet: variants.join(', ') }
}
