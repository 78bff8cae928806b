/** The PostgreSQL error code of an error, looking through Drizzle's query-error wrapper. */
export function postgresCode(error: unknown): string {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | undefined
  const code = typeof e?.code === 'string' ? e.code : e?.cause?.code
  return typeof code === 'string' ? code : ''
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300'])

/** The database could not be reached or is shutting down: the request was fine, try again later. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = postgresCode(error)
  if (UNREACHABLE.has(code) || code.startsWith('08')) return true
  const message = String((error as Error | undefined)?.message ?? '')
  const cause = String((error as { cause?: Error } | undefined)?.cause?.message ?? '')
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|not queryable/.test(
    `${message} ${cause}`,
  )
}

/** Worth retrying as it is: an unreachable database, a lost serialization race, a deadlock. */
export function isTransient(error: unknown): boolean {
  const code = postgresCode(error)
  return isDatabaseUnavailable(error) || code === '40001' || code === '40P01'
}
