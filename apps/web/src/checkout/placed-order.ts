/** What the success page can show about an order the shopper placed in this tab, before paying elsewhere (`code` empty: a shop order no link referred). */
export type PlacedOrder = { code: string; ambassador: string; email: string; totalCents: number; lines: string[] }

const key = (sessionId: string) => `ambassador.placed-order.${sessionId}`

/** Remembers the order under its payment session id, for this tab only; private modes may refuse, which is fine. */
export function rememberPlacedOrder(sessionId: string, order: PlacedOrder, storage: Storage = sessionStorage): void {
  try {
    storage.setItem(key(sessionId), JSON.stringify(order))
  } catch {}
}

/** The order remembered for this payment session, or nothing when another tab or device paid it. */
export function recallPlacedOrder(sessionId: string, storage: Storage = sessionStorage): PlacedOrder | undefined {
  try {
    const value = JSON.parse(storage.getItem(key(sessionId)) ?? 'null') as Partial<PlacedOrder> | null
    if (!value || typeof value.code !== 'string' || typeof value.totalCents !== 'number') return undefined
    return {
      code: value.code,
      ambassador: String(value.ambassador ?? ''),
      email: String(value.email ?? ''),
      totalCents: value.totalCents,
      lines: Array.isArray(value.lines) ? value.lines.map(String) : [],
    }
  } catch {
    return undefined
  }
}
