import type { HttpApp } from '@ambassador/kit/http/server'
import type { TestClient } from '@ambassador/kit/testing/http-client'
import type { ImageView } from '../images.ts'

/** A multipart form as a browser sends it: `bytes` as a file (by default in the field `file`, named like a JPEG). */
export function imageForm(bytes: Uint8Array, file: { field?: string; name?: string; type?: string } = {}): FormData {
  const form = new FormData()
  form.append(file.field ?? 'file', new Blob([bytes], { type: file.type ?? 'image/jpeg' }), file.name ?? 'photo.jpg')
  return form
}

/** Posts a form to the upload route (the test client sends a FormData as a real multipart body). */
export function uploadForm(client: TestClient, form: FormData | string, headers: Record<string, string> = {}) {
  return client.request<ImageView & { code?: string; message?: string }>('POST', '/api/admin/media', form, headers)
}

/** A media file as the server sends it, bytes and all (the test client reads bodies as text): by URL, or a raw path. */
export async function fetchMediaFile(
  app: HttpApp,
  url: string,
  options: { method?: 'GET' | 'HEAD'; headers?: Record<string, string> } = {},
) {
  const path = url.startsWith('http') ? new URL(url).pathname : url
  const response = await app.inject({ method: options.method ?? 'GET', url: path, headers: options.headers })
  return { status: response.statusCode, headers: response.headers, bytes: response.rawPayload }
}
