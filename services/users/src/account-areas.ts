/** Each area whose accounts sign in, with the prefix its account routes live under: the prefix is the scope. */
export const ACCOUNT_AREAS = [
  ['admin', '/api/admin'],
  ['ambassador', '/api/ambassador'],
  ['shopper', '/api/store'],
] as const
