import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'wouter'
import { api } from '../api.ts'
import './checkout.css'
import { formatCents } from './order.ts'
import { recallPlacedOrder } from './placed-order.ts'

type State = { state: 'confirming' } | { state: 'confirmed' } | { state: 'failed'; message: string }

/** Where the payment provider sends the shopper back: confirms the order with the server, once paid. */
export default function SuccessPage() {
  const [params] = useSearchParams()
  const source = params.get('source') ?? ''
  const [state, setState] = useState<State>({ state: 'confirming' })
  const [attempt, setAttempt] = useState(0)
  const placed = source ? recallPlacedOrder(source) : undefined

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is how "Try again" asks for a new request
  useEffect(() => {
    let current = true
    if (!source) {
      setState({ state: 'failed', message: 'This page needs the payment reference it was opened with.' })
      return
    }
    setState({ state: 'confirming' })
    api('POST', '/api/checkout/orders/confirm', { source }).then(
      () => current && setState({ state: 'confirmed' }),
      (error: unknown) =>
        current && setState({ state: 'failed', message: error instanceof Error ? error.message : String(error) }),
    )
    return () => {
      current = false
    }
  }, [source, attempt])

  return (
    <main className="page narrow result">
      {state.state === 'confirming' && (
        <div aria-busy="true">
          <h1>Confirming your payment…</h1>
          <p className="muted">This takes a moment.</p>
        </div>
      )}
      {state.state === 'confirmed' && (
        <div className="card">
          <p className="result-mark ok" aria-hidden="true">
            ✓
          </p>
          <h1>Thank you! Your order is confirmed</h1>
          {placed ? (
            <>
              <p className="order-recap">
                {placed.lines.join(', ')} · <strong>{formatCents(placed.totalCents)}</strong>
              </p>
              <p className="muted">A receipt is on its way to {placed.email}.</p>
              {placed.code ? (
                <Link href={`/c/${placed.code}`} className="button secondary">
                  Back to {placed.ambassador}'s picks
                </Link>
              ) : (
                <Link href="/shop" className="button secondary">
                  Back to the shop
                </Link>
              )}
            </>
          ) : (
            <p className="muted">A receipt is on its way to your inbox.</p>
          )}
        </div>
      )}
      {state.state === 'failed' && (
        <div className="card">
          <h1>We could not confirm your order</h1>
          <p className="alert error" role="alert">
            {state.message}
          </p>
          {source && (
            <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </button>
          )}
        </div>
      )}
    </main>
  )
}
