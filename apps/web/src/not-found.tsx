import { Link } from 'wouter'

export default function NotFoundPage() {
  return (
    <main className="page narrow">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <Link href="/">Go to the start page</Link>
    </main>
  )
}
