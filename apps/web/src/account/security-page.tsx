import { Link } from 'wouter'
import { ProfilePage } from '../profile-page.tsx'
import { PasskeysSection } from './passkeys-section.tsx'
import { useSignOut } from './sign-out.ts'

/** Name, email, password, and the ways in: passkeys and every signed-in device. */
export function SecurityPage() {
  return (
    <main className="page narrow">
      <p>
        <Link href="/">← Your account</Link>
      </p>
      <ProfilePage area="store" />
      <PasskeysSection />
      <SessionsCard />
    </main>
  )
}

/** Token versions, not a session list: signing out everywhere moves the account's version on and every token dies. */
function SessionsCard() {
  const { sending, signOut } = useSignOut()
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Signed-in devices</h2>
      <p>Lost a phone, or signed in on a shared computer? Sign out on every device at once, this one included.</p>
      <button type="button" className="button secondary" onClick={signOut} disabled={sending}>
        Sign out everywhere
      </button>
    </section>
  )
}
