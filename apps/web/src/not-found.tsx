import { Link } from 'wouter'

export default function NotFoundPage() {
  return (
    <main className="page narrow result">
      <div className="card">
        <h1>Page not found</h1>
        <p className="muted">There is nothing at this address. If someone sent you a link, ask them for it again.</p>
        <Link href="/" className="button">
          Go to the start page
        </Link>
      </div>
    </main>
  )
}
