/** Where a page that needed sign-in asked to return (`?next=/account/orders/…`): only a path on this site, else the account. */
export function accountReturnPath(search = window.location.search): string {
  const next = new URLSearchParams(search).get('next')
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/account'
}
