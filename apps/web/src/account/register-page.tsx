import { useState } from 'react'
import { Link } from 'wouter'
import { api } from '../api.ts'
import { FormError, NewPasswordFields, requireSamePasswords, TextField, useFields, useSubmit } from '../forms.tsx'

/** A new shopper account: names and email, and a password — or none, and the account opens from an emailed link. */
export function RegisterPage() {
  const { values: form, set } = useFields({
    first_name: '',
    last_name: '',
    email: '',
    password: '',
    password_confirm: '',
  })
  const [withPassword, setWithPassword] = useState(false)
  const [sentTo, setSentTo] = useState<string>()
  const { sending, error, submit } = useSubmit(async () => {
    const { first_name, last_name, email } = form
    if (!withPassword) {
      await api('POST', '/api/store/magic-link', { email, first_name, last_name })
      setSentTo(email)
      return
    }
    requireSamePasswords(form)
    await api('POST', '/api/store/register', form)
    await api('POST', '/api/store/login', { email, password: form.password })
    window.location.assign('/account')
  })
  if (sentTo) {
    return (
      <main className="page narrow auth">
        <h1>Check your email</h1>
        <p className="card" role="status">
          We sent a link to <strong>{sentTo}</strong>. Open it within 15 minutes to open your account.
        </p>
      </main>
    )
  }
  return (
    <main className="page narrow auth">
      <h1>Create your account</h1>
      <form className="card fields-stack" onSubmit={submit}>
        <FormError message={error} />
        <TextField label="First name" value={form.first_name} onChange={set('first_name')} autoComplete="given-name" />
        <TextField label="Last name" value={form.last_name} onChange={set('last_name')} autoComplete="family-name" />
        <TextField label="Email" type="email" value={form.email} onChange={set('email')} autoComplete="email" />
        <label className="check" htmlFor="with-password">
          <input
            id="with-password"
            type="checkbox"
            checked={withPassword}
            onChange={(e) => setWithPassword(e.target.checked)}
          />
          <span>Set a password (otherwise we email you a sign-in link each time)</span>
        </label>
        {withPassword && (
          <NewPasswordFields
            labels={['Password', 'Repeat password']}
            password={form.password}
            repeat={form.password_confirm}
            onPassword={set('password')}
            onRepeat={set('password_confirm')}
          />
        )}
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Creating…' : withPassword ? 'Create account' : 'Email me a link'}
        </button>
      </form>
      <p>
        Already have an account? <Link href="/sign-in">Sign in</Link>
      </p>
    </main>
  )
}
