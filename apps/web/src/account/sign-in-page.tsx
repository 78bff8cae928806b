import { useState } from 'react'
import { Link } from 'wouter'
import { api } from '../api.ts'
import { FormError, TextField, useSubmit } from '../forms.tsx'
import { OidcSignIn } from './oidc-buttons.tsx'
import { PasskeySignIn } from './passkey-sign-in.tsx'
import { accountReturnPath } from './return-path.ts'

/** Signing in to a shopper account: with a password, or with a link sent by email (which also opens a new account). */
export function SignInPage() {
  const next = accountReturnPath()
  return (
    <main className="page narrow auth">
      <h1>Sign in to your account</h1>
      <OidcSignIn next={next} />
      <EmailLinkForm next={next} />
      <p className="or-divider muted">or</p>
      <PasswordForm next={next} />
      <p className="or-divider muted">or</p>
      <PasskeySignIn next={next} />
      <p>
        New here? <Link href="/register">Create an account</Link> ·{' '}
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
    </main>
  )
}

function EmailLinkForm({ next }: { next: string }) {
  const [email, setEmail] = useState('')
  const [sentTo, setSentTo] = useState<string>()
  const { sending, error, submit } = useSubmit(async () => {
    await api('POST', '/api/store/magic-link', { email, return_to: next })
    setSentTo(email)
  })
  if (sentTo) {
    return (
      <section className="card" role="status" aria-labelledby="link-sent-title">
        <h2 id="link-sent-title">Check your email</h2>
        <p>
          We sent a sign-in link to <strong>{sentTo}</strong>. It works once, for 15 minutes.
        </p>
        <button type="button" className="button secondary" onClick={() => setSentTo(undefined)}>
          Use another address
        </button>
      </section>
    )
  }
  return (
    <form className="card fields-stack" onSubmit={submit} aria-labelledby="link-title">
      <h2 id="link-title">Email me a sign-in link</h2>
      <p className="muted">No password needed. New here? The link opens your account.</p>
      <FormError message={error} />
      <TextField label="Your email" type="email" value={email} onChange={setEmail} autoComplete="email" />
      <button type="submit" className="button" disabled={sending}>
        {sending ? 'Sending…' : 'Send me a link'}
      </button>
    </form>
  )
}

function PasswordForm({ next }: { next: string }) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const { sending, error, submit } = useSubmit(async () => {
    await api('POST', '/api/store/login', { email, password })
    window.location.assign(next) // a full load: the shop's cart and header pick up the new session
  })
  return (
    <form className="card fields-stack" onSubmit={submit} aria-labelledby="password-sign-in-title">
      <h2 id="password-sign-in-title">Sign in with your password</h2>
      <FormError message={error} />
      <TextField label="Email" type="email" value={email} onChange={setEmail} autoComplete="username" />
      <TextField
        label="Password"
        type="password"
        value={password}
        onChange={setPassword}
        autoComplete="current-password"
      />
      <button type="submit" className="button" disabled={sending}>
        {sending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  )
}
