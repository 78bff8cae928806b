import { createHash } from 'node:crypto'
import { type Page, pageOf, pageOffset } from '@ambassador/kit/http/pages'
import { newId } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { count, desc, eq } from 'drizzle-orm'
import { HASH_LENGTH, mediaFileName } from './file-names.ts'
import { images } from './schema.ts'
import type { MediaStorage } from './storage/storage.ts'
import { renderVariants, VARIANT_NAMES, type VariantName } from './variants.ts'

export type MediaContext = ServiceContext & { storage: MediaStorage }

export type VariantView = { url: string; width: number; height: number }

/** An image as the API answers it: URLs ready for a product's `image` field and for an `<img srcset>`. */
export type ImageView = {
  id: string
  hash: string
  width: number
  height: number
  variants: Record<VariantName, VariantView>
  /** The card variant: what a product's `image` field takes. */
  url: string
  /** Each distinct variant width once, smallest first: `<url> 200w, <url> 600w, <url> 1600w`. */
  srcset: string
  created_at: string
}

/**
 * Renders an uploaded image's variants, stores them and records the image. The same bytes again give the image
 * already recorded (`created: false`), its files stored anew if the storage lost them.
 */
export async function uploadImage(
  ctx: MediaContext,
  original: Buffer,
  uploadedBy: string,
): Promise<{ image: ImageView; created: boolean }> {
  const hash = createHash('sha256').update(original).digest('hex').slice(0, HASH_LENGTH)
  const known = await findImageByHash(ctx, hash)
  if (known && (await allVariantsStored(ctx.storage, hash))) return { image: known, created: false }

  const rendered = await renderVariants(original)
  // Files first, then the row: a crash in between leaves files no row names (the next upload of the same bytes
  // reuses them), never a row whose files are missing.
  await Promise.all(
    VARIANT_NAMES.map((name) =>
      ctx.storage.put(mediaFileName(hash, name), rendered.variants[name].bytes, 'image/webp'),
    ),
  )
  if (known) return { image: known, created: false }
  const [inserted] = await ctx.db
    .insert(images)
    .values({
      id: newId(),
      hash,
      format: rendered.format,
      width: rendered.width,
      height: rendered.height,
      bytes: original.length,
      variants: Object.fromEntries(
        VARIANT_NAMES.map((name) => {
          const { width, height, bytes } = rendered.variants[name]
          return [name, { width, height, bytes: bytes.length }]
        }),
      ) as (typeof images.$inferInsert)['variants'],
      uploadedBy,
      createdAt: ctx.clock.now().toISOString(),
    })
    .onConflictDoNothing({ target: images.hash })
    .returning()
  if (inserted) return { image: imageView(ctx.config.publicUrl, inserted), created: true }
  // The same bytes were uploaded at the same moment, and that upload recorded them first.
  const raced = await findImageByHash(ctx, hash)
  if (!raced) throw new Error(`image ${hash} was neither inserted nor found`)
  return { image: raced, created: false }
}

/** The uploads, newest first, one page at a time. */
export async function pageOfImages(ctx: MediaContext, page: number, perPage: number): Promise<Page<ImageView>> {
  const [rows, [counted]] = await Promise.all([
    ctx.db
      .select()
      .from(images)
      .orderBy(desc(images.createdAt), desc(images.id))
      .limit(perPage)
      .offset(pageOffset(page, perPage)),
    ctx.db.select({ total: count() }).from(images),
  ])
  return pageOf(
    rows.map((row) => imageView(ctx.config.publicUrl, row)),
    counted?.total ?? 0,
    page,
    perPage,
  )
}

async function findImageByHash(ctx: MediaContext, hash: string): Promise<ImageView | undefined> {
  const [row] = await ctx.db.select().from(images).where(eq(images.hash, hash))
  return row && imageView(ctx.config.publicUrl, row)
}

async function allVariantsStored(storage: MediaStorage, hash: string) {
  const found = await Promise.all(VARIANT_NAMES.map((name) => storage.stat(mediaFileName(hash, name))))
  return found.every((file) => file !== undefined)
}

/** The absolute URL of a variant's file, under PUBLIC_URL, so it can be stored and used anywhere as it is. */
export function mediaUrl(publicUrl: string, hash: string, variant: VariantName): string {
  return `${publicUrl}/media/${mediaFileName(hash, variant)}`
}

function imageView(publicUrl: string, row: typeof images.$inferSelect): ImageView {
  const variants = Object.fromEntries(
    VARIANT_NAMES.map((name) => {
      const { width, height } = row.variants[name]
      return [name, { url: mediaUrl(publicUrl, row.hash, name), width, height }]
    }),
  ) as Record<VariantName, VariantView>
  return {
    id: row.id,
    hash: row.hash,
    width: row.width,
    height: row.height,
    variants,
    url: variants.card.url,
    srcset: srcsetOf(VARIANT_NAMES.map((name) => variants[name])),
    created_at: new Date(row.createdAt).toISOString(),
  }
}

/** `<url> <width>w` for each distinct width (a small original makes variants of equal width; a srcset names each once). */
function srcsetOf(variants: VariantView[]): string {
  const widths = new Set<number>()
  return variants
    .filter((variant) => !widths.has(variant.width) && widths.add(variant.width))
    .map((variant) => `${variant.url} ${variant.width}w`)
    .join(', ')
}
