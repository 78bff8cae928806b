import { useState } from 'react'
import { Link } from 'wouter'
import { api } from './api.ts'
import { FormError, NewPasswordFields, requireSamePasswords, TextField, useFields, useSubmit } from './forms.tsx'

/** The API prefix of an area whose accounts reset passwords by email: admins, ambassadors and shoppers (`store`). */
export type ResetArea = 'admin' | 'ambassador' | 'store'

const SIGN_IN: Record<ResetArea, string> = { admin: '/login', ambassador: '/login', store: '/sign-in' }
const HOME: Record<ResetArea, string> = { admin: '/admin', ambassador: '/ambassador', store: '/account' }

/** Asks for a reset link; the answer is the same whether or not the address has an account here. */
export function ForgotPasswordPage({ area }: { area: ResetArea }) {
  const [email, setEmail] = useState('')
  const [sentTo, setSentTo] = useState<string>()
  const { sending, error, submit } = useSubmit(async () => {
    await api('POST', `/api/${area}/password-reset`, { email })
    setSentTo(email)
  })
  return (
    <main className="page narrow auth">
      <h1>Reset your password</h1>
      {sentTo ? (
        <p className="card" role="status">
          If <strong>{sentTo}</strong> has an account here, a link to choose a new password is on its way. It works
          once, for 30 minutes.
        </p>
      ) : (
        <form className="card fields-stack" onSubmit={submit}>
          <FormError message={error} />
          <TextField label="Your email" type="email" value={email} onChange={setEmail} autoComplete="email" />
          <button type="submit" className="button" disabled={sending}>
            {sending ? 'Sending…' : 'Email me a reset link'}
          </button>
        </form>
      )}
      <p>
        <Link href={SIGN_IN[area]}>Back to sign in</Link>
      </p>
    </main>
  )
}

/** Where a reset link lands: a new password, which ends every session and signs this one in. */
export function ResetPasswordPage({ area }: { area: ResetArea }) {
  // In the fragment: opening the page sends the secret to no server (and so to no log).
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '')
  const { values: form, set } = useFields({ password: '', password_confirm: '' })
  const { sending, error, submit } = useSubmit(async () => {
    requireSamePasswords(form)
    await api('POST', `/api/${area}/password-reset/confirm`, { token, ...form })
    window.location.assign(HOME[area])
  })
  return (
    <main className="page narrow auth">
      <h1>Choose a new password</h1>
      <form className="card fields-stack" onSubmit={submit}>
        <FormError message={error} />
        <NewPasswordFields
          labels={['New password', 'Repeat new password']}
          password={form.password}
          repeat={form.password_confirm}
          onPassword={set('password')}
          onRepeat={set('password_confirm')}
        />
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Saving…' : 'Save and sign in'}
        </button>
      </form>
      {error ? (
        <p>
          <Link href="/forgot-password">Ask for a new link</Link>
        </p>
      ) : null}
    </main>
  )
}
