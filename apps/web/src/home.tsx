import { Link } from 'wouter'
import './home.css'

/** The front door: ambassadors sign up or sign in here; the store's team finds its panel. */
export default function HomePage() {
  return (
    <main className="page home">
      <section className="hero" aria-labelledby="home-title">
        <p className="brand">Ambassador</p>
        <h1 id="home-title">Recommend products you love. Earn on every order.</h1>
        <p className="muted lead">
          Pick products, share your link, and get a commission on every order placed through it. Track your sales and
          your place in the rankings as they happen.
        </p>
        <div className="hero-actions">
          <Link href="/ambassador/register" className="button">
            Become an ambassador
          </Link>
          <Link href="/ambassador/login" className="button secondary">
            Sign in
          </Link>
        </div>
      </section>
      <ol className="steps">
        <li className="card">
          <strong>Pick</strong>
          <span className="muted">Choose products from the catalog.</span>
        </li>
        <li className="card">
          <strong>Share</strong>
          <span className="muted">Send your link or show its QR code.</span>
        </li>
        <li className="card">
          <strong>Earn</strong>
          <span className="muted">A commission on every paid order.</span>
        </li>
      </ol>
      <p className="muted team">
        Running the store? <Link href="/admin">Open the admin panel</Link> · <a href="/api/docs">API documentation</a>
      </p>
    </main>
  )
}
