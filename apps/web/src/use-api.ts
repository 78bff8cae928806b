import { useCallback, useEffect, useState } from 'react'
import { ApiError, api } from './api.ts'

export type Loaded<T> = { state: 'loading' } | { state: 'failed'; error: ApiError } | { state: 'ready'; data: T }

/** Loads `path` with GET and reloads when asked (after a change, or "Try again"). */
export function useApi<T>(path: string | undefined) {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' })
  const [version, setVersion] = useState(0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is how reload() asks for a new request
  useEffect(() => {
    if (!path) return
    let current = true
    setLoaded((previous) => (previous.state === 'ready' ? previous : { state: 'loading' }))
    api<T>('GET', path).then(
      (data) => current && setLoaded({ state: 'ready', data }),
      (error: unknown) => {
        if (!current) return
        if (error instanceof ApiError && error.status === 401 && signInAgain(path)) return
        setLoaded({ state: 'failed', error: error instanceof ApiError ? error : new ApiError(0, String(error)) })
      },
    )
    return () => {
      current = false
    }
  }, [path, version])
  const reload = useCallback(() => setVersion((v) => v + 1), [])
  return { loaded, reload }
}

/**
 * A page whose session ended (expired, or signed out in another tab) goes to its area's sign-in and comes back
 * after it. The areas' own "who am I" checks (`…/user`) redirect by themselves, so they are left alone.
 */
function signInAgain(path: string): boolean {
  const area = /^\/api\/(admin|ambassador|store)\//.exec(path)?.[1]
  if (!area || /^\/api\/(admin|ambassador|store)\/user$/.test(path)) return false
  // A shopper's pages (orders, addresses) need a session; the shop's own reads (products, cart) do not answer 401.
  const signIn = area === 'store' ? '/account/sign-in' : `/${area}/login`
  const here = window.location.pathname + window.location.search
  window.location.assign(`${signIn}?next=${encodeURIComponent(here)}`)
  return true
}
