import './checkout.css'

/** Where the payment provider sends a shopper who cancelled: nothing was charged. */
export default function CancelledPage() {
  return (
    <main className="page narrow result">
      <div className="card">
        <h1>Payment cancelled</h1>
        <p className="muted">Nothing was charged. Your basket is still waiting for you.</p>
        <button type="button" className="button" onClick={() => window.history.back()}>
          Back to the shop
        </button>
      </div>
    </main>
  )
}
