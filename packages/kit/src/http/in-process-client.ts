import type { HttpApp } from './server.ts'

export type InProcessResponse<T = unknown> = { status: number; body: T; headers: Record<string, unknown>; text: string }

/**
 * A browser-like client over `app.inject` (no network): it keeps the cookies the server sets (the `jwt` session,
 * the shop's `cart`), like a real client would. The demo seed talks to the API with it; tests do too.
 */
export function inProcessClient(app: HttpApp, options: { token?: string } = {}) {
  const jar = new Map<string, string>(options.token ? [['jwt', options.token]] : [])
  const cookieHeader = () =>
    jar.size === 0 ? undefined : [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
  async function request<T = unknown>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const response = await app.inject({
      method: method as 'GET',
      url,
      headers: { ...(jar.size > 0 ? { cookie: cookieHeader() } : {}), ...headers },
      ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as object }),
    })
    for (const set of response.cookies) {
      if (set.value) jar.set(set.name, set.value)
      else jar.delete(set.name)
    }
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
    /** The session cookie (`jwt=…`), if any. */
    get cookie() {
      const jwt = jar.get('jwt')
      return jwt === undefined ? undefined : `jwt=${jwt}`
    },
    logout() {
      jar.delete('jwt')
    },
    /** A cookie the browser holds (one another page set), sent with every later request. */
    setCookie(name: string, value: string) {
      jar.set(name, value)
    },
    /** The value of a cookie the client holds, if any. */
    cookieValue(name: string): string | undefined {
      return jar.get(name)
    },
  }
}

export type InProcessClient = ReturnType<typeof inProcessClient>
