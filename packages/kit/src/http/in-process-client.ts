import type { HttpApp } from './server.ts'

export type InProcessResponse<T = unknown> = { status: number; body: T; headers: Record<string, unknown>; text: string }

/**
 * A browser-like client over `app.inject` (no network): it keeps the `jwt` cookie the server sets, like a real
 * client would. The demo seed talks to the API with it; tests do too.
 */
export function inProcessClient(app: HttpApp, options: { token?: string } = {}) {
  let cookie: string | undefined = options.token ? `jwt=${options.token}` : undefined
  async function request<T = unknown>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const response = await app.inject({
      method: method as 'GET',
      url,
      headers: { ...(cookie ? { cookie } : {}), ...headers },
      ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as object }),
    })
    const setCookie = response.cookies.find((c) => c.name === 'jwt')
    if (setCookie) cookie = setCookie.value ? `jwt=${setCookie.value}` : undefined
    const text = response.body
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {}
    return { status: response.statusCode, body: parsed as T, headers: response.headers, text } as InProcessResponse<T>
  }
  return {
    request,
    get: <T = unknown>(url: string) => request<T>('GET', url),
    post: <T = unknown>(url: string, body?: unknown) => request<T>('POST', url, body ?? {}),
    put: <T = unknown>(url: string, body?: unknown) => request<T>('PUT', url, body ?? {}),
    delete: <T = unknown>(url: string) => request<T>('DELETE', url),
    get cookie() {
      return cookie
    },
    logout() {
      cookie = undefined
    },
  }
}

export type InProcessClient = ReturnType<typeof inProcessClient>
