import { ApiError } from '../api.ts'

/** An uploaded image as `POST /api/admin/media` answers it (services/media/src/routes.ts). */
export type UploadedImage = {
  id: string
  /** the card variant's absolute URL: what a product's `image` and `images` take */
  url: string
  srcset: string
  variants: Record<'thumb' | 'card' | 'full', { url: string; width: number; height: number }>
}

/** The media service's limit; a larger file is refused here rather than sent for a 413. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

export const UPLOAD_TYPES = 'image/jpeg,image/png,image/webp'

/** Why a file will not be taken, said as the server would say it; the format is the server's to tell by the bytes. */
export function uploadProblem(file: { size: number }): string | undefined {
  if (file.size === 0) return 'The file is empty'
  if (file.size > MAX_UPLOAD_BYTES) return `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`
  return undefined
}

/**
 * Uploads one image as multipart/form-data, in the field `file`. The browser sets the content type (with the
 * form's boundary); the server's refusals (413 too large, 415 not a JPEG, PNG or WebP) come back as ApiError.
 */
export async function uploadImage(file: File): Promise<UploadedImage> {
  const form = new FormData()
  form.append('file', file)
  let response: Response
  try {
    response = await fetch('/api/admin/media', { method: 'POST', credentials: 'same-origin', body: form })
  } catch {
    throw new ApiError(0, 'The upload did not reach the shop. Check your connection and try again.')
  }
  const text = await response.text()
  let data: unknown
  try {
    data = text ? JSON.parse(text) : undefined
  } catch {
    data = undefined // a proxy's HTML page (a 413 from the gateway, say) is not JSON
  }
  if (!response.ok) throw new ApiError(response.status, uploadError(response.status, data))
  return data as UploadedImage
}

function uploadError(status: number, data: unknown): string {
  const message = (data as { message?: unknown } | undefined)?.message
  if (status >= 500) return 'Something went wrong on our side. Please try again.'
  if (typeof message === 'string' && message) return message
  if (status === 413) return `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`
  if (status === 415) return 'Only JPEG, PNG and WebP images are accepted'
  return 'The upload failed. Please try again.'
}
