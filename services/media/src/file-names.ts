import { VARIANT_NAMES, type VariantName } from './variants.ts'

/** How long anyone may keep a media file: forever, as a name never gets other content. */
export const IMMUTABLE = 'public, max-age=31536000, immutable'

/** How many hex digits of the original's sha256 name its files (128 bits). */
export const HASH_LENGTH = 32

/** The file of one variant of an image: `<hash>-<variant>.webp`. */
export function mediaFileName(hash: string, variant: VariantName): string {
  return `${hash}-${variant}.webp`
}

const FILE_NAME = new RegExp(`^([0-9a-f]{${HASH_LENGTH}})-(${VARIANT_NAMES.join('|')})\\.webp$`)

/** The image and variant a requested file name stands for; undefined for any other name (a path, a guess). */
export function parseMediaFileName(name: string): { hash: string; variant: VariantName } | undefined {
  const match = FILE_NAME.exec(name)
  if (!match) return undefined
  const [, hash, variant] = match
  return hash && variant ? { hash, variant: variant as VariantName } : undefined
}
