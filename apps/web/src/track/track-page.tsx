import type { TrackedOrder } from '@ambassador/contracts/http'
import { type FormEvent, useEffect, useState } from 'react'
import { useSearchParams } from 'wouter'
import { api } from '../api.ts'
import { OrderTimeline, STAGE_WORDS } from '../order-timeline.tsx'
import '../checkout/checkout.css'

type State =
  | { state: 'asking' }
  | { state: 'loading' }
  | { state: 'found'; order: TrackedOrder }
  | { state: 'failed'; message: string }

/** Anyone with an order's number (from its emails) and the email it was placed with follows it here. */
export default function TrackPage() {
  const [params] = useSearchParams()
  const [number, setNumber] = useState(params.get('order') ?? '')
  const [email, setEmail] = useState(params.get('email') ?? '')
  const [state, setState] = useState<State>({ state: 'asking' })

  async function look(orderNumber: string, address: string) {
    setState({ state: 'loading' })
    try {
      const query = new URLSearchParams({ order: orderNumber.trim(), email: address.trim() })
      setState({ state: 'found', order: await api<TrackedOrder>('GET', `/api/store/track?${query}`) })
    } catch (error) {
      setState({ state: 'failed', message: error instanceof Error ? error.message : String(error) })
    }
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: only what the link carried, once
  useEffect(() => {
    if (number && email) void look(number, email)
  }, [])

  function submit(event: FormEvent) {
    event.preventDefault()
    void look(number, email)
  }

  return (
    <main className="page narrow">
      <h1>Track your order</h1>
      <form className="card fields-stack" onSubmit={submit} aria-label="Find your order">
        <div className="field">
          <label htmlFor="track-order">Order number</label>
          <input
            id="track-order"
            required
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            placeholder="3F9A1C2B"
          />
        </div>
        <div className="field">
          <label htmlFor="track-email">Email you ordered with</label>
          <input
            id="track-email"
            type="email"
            required
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <button type="submit" className="button" disabled={state.state === 'loading'}>
          {state.state === 'loading' ? 'Looking…' : 'Find my order'}
        </button>
      </form>
      {state.state === 'failed' ? (
        <p className="alert error" role="alert">
          {state.message}
        </p>
      ) : null}
      {state.state === 'found' ? <Tracked order={state.order} /> : null}
    </main>
  )
}

function Tracked({ order }: { order: TrackedOrder }) {
  return (
    <section className="card" aria-labelledby="tracked-title" role="status">
      <h2 id="tracked-title">
        Order #{order.number}: {STAGE_WORDS[order.stage]}
      </h2>
      <p className="muted">{order.lines.map((line) => `${line.quantity} × ${line.title}`).join(', ')}</p>
      <OrderTimeline order={order} />
    </section>
  )
}
