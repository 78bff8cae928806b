import type { Product, ProductBody } from './types.ts'

/** The product form as typed: text as text, and the URL typed but not yet added to the pictures. */
export type ProductDraft = {
  title: string
  description: string
  price: string
  slug: string
  category_ids: string[]
  images: string[]
  /** The "Image URL" field: saved as the last picture even when the admin did not press "Add image". */
  image_url: string
  active: boolean
}

/** What the server takes: its `ProductBody` holds at most this many pictures. */
export const MAX_IMAGES = 10

export const EMPTY_PRODUCT: ProductDraft = {
  title: '',
  description: '',
  price: '',
  slug: '',
  category_ids: [],
  images: [],
  image_url: '',
  active: true,
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/

/** A product as the form starts editing it; products from before #11 have no slug, categories or pictures list. */
export function draftOf(product: Product): ProductDraft {
  return {
    title: product.title,
    description: product.description,
    price: String(product.price),
    slug: product.slug ?? '',
    category_ids: product.category_ids ?? [],
    images: product.images ?? (product.image ? [product.image] : []),
    image_url: '',
    active: product.active ?? true,
  }
}

/** Checks a price the way the API does: a positive amount with at most two decimals. */
export function priceProblem(price: string): string | undefined {
  if (price.trim() === '') return 'Enter a price'
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(price.trim())) return 'Enter a price like 19.99 (at most 2 decimals)'
  return undefined
}

/** An empty slug is fine (the server makes one from the title); anything else must be the API's slug shape. */
export function slugProblem(slug: string): string | undefined {
  const value = slug.trim()
  if (value === '') return undefined
  if (value.length > 100) return 'Keep the slug to 100 characters'
  if (!SLUG.test(value)) return 'Use lowercase letters and digits, words joined by single hyphens (like blue-mug)'
  return undefined
}

/** The pictures to save: the list, then the typed URL if it is not in it yet; blanks and repeats left out. */
export function imagesOf(draft: Pick<ProductDraft, 'images' | 'image_url'>): string[] {
  const urls = [...draft.images, draft.image_url].map((url) => url.trim()).filter(Boolean)
  return [...new Set(urls)]
}

/**
 * The body of `POST`/`PUT /api/admin/products`. `image` (the reference field) is the first picture; an empty
 * slug is left out, so a new product gets one from its title and an edited one keeps its own.
 */
export function productBody(draft: ProductDraft): ProductBody {
  const images = imagesOf(draft)
  const slug = draft.slug.trim()
  return {
    title: draft.title.trim(),
    description: draft.description.trim(),
    price: draft.price.trim(),
    image: images[0] ?? '',
    images,
    category_ids: draft.category_ids,
    active: draft.active,
    ...(slug ? { slug } : {}),
  }
}
