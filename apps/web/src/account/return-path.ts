/**
 * Where a page that needed sign-in asked to return (`?next=/account/orders/…`, or the link's fragment): a path on
 * this site only, else the account. A browser drops tabs and line breaks from a URL, so `/\t/evil.example` would be
 * another site: anything with whitespace or a backslash, or that resolves elsewhere, is refused.
 */
export function accountReturnPath(next = new URLSearchParams(window.location.search).get('next')): string {
  if (!next?.startsWith('/') || /[\s\\]/.test(next)) return '/account'
  const resolved = new URL(next, window.location.origin)
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`
  return resolved.origin === window.location.origin && !path.startsWith('//') ? path : '/account'
}

/** The secret and the way back an emailed link carries in its fragment (`#token=…&next=…`), never sent to a server. */
export function linkFragment(): { token: string; next: string | null } {
  const fragment = new URLSearchParams(window.location.hash.slice(1))
  return { token: fragment.get('token') ?? '', next: fragment.get('next') }
}
