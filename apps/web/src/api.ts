/** The same-origin API, with its `{statusCode, error, message}` errors surfaced as ApiError. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's stable `code` for what it refused, when it gave one. */
    readonly code?: string,
  ) {
    super(message)
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, 'We could not reach the shop. Check your connection and try again.')
  }
  const text = await response.text()
  const data = text ? (JSON.parse(text) as unknown) : undefined
  if (!response.ok) {
    const refusal = data as { message?: string; code?: string } | undefined
    const message = refusal?.message ?? 'Something went wrong. Please try again.'
    throw new ApiError(
      response.status,
      response.status >= 500 ? 'Something went wrong on our side. Please try again.' : message,
      refusal?.code,
    )
  }
  return data as T
}
