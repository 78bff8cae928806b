import { useState } from 'react'
import { Link, useLocation } from 'wouter'
import { api } from './api.ts'
import { FormError, NewPasswordFields, requireSamePasswords, TextField, useFields, useSubmit } from './forms.tsx'

/** Where a page that needed sign-in asked to return (`?next=/mailbox`): only a path on this site. */
function returnPath(): string | undefined {
  const next = new URLSearchParams(window.location.search).get('next')
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? `~${next}` : undefined
}

export function LoginPage({ area = 'ambassador' }: { area?: 'admin' | 'ambassador' }) {
  const [, navigate] = useLocation()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const { sending, error, submit } = useSubmit(async () => {
    await api('POST', `/api/${area}/login`, { email, password })
    navigate(returnPath() ?? '/')
  })
  return (
    <main className="page narrow auth">
      <Link href="~/" className="auth-brand">
        Ambassador
      </Link>
      <h1>{area === 'admin' ? 'Sign in to run your store' : 'Sign in to your ambassador account'}</h1>
      <form className="card fields-stack" onSubmit={submit}>
        <FormError message={error} />
        <TextField label="Email" type="email" value={email} onChange={setEmail} autoComplete="email" />
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
      <p>
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
      {area === 'ambassador' && (
        <p>
          New here? <Link href="/register">Create an ambassador account</Link>
        </p>
      )}
    </main>
  )
}

export function RegisterPage() {
  const [, navigate] = useLocation()
  const { values: form, set } = useFields({
    first_name: '',
    last_name: '',
    email: '',
    password: '',
    password_confirm: '',
  })
  const { sending, error, submit } = useSubmit(async () => {
    requireSamePasswords(form)
    await api('POST', '/api/ambassador/register', form)
    await api('POST', '/api/ambassador/login', { email: form.email, password: form.password })
    navigate('/')
  })
  return (
    <main className="page narrow auth">
      <Link href="~/" className="auth-brand">
        Ambassador
      </Link>
      <h1>Become an ambassador</h1>
      <p className="muted">Share links to products you like and earn a commission on every order.</p>
      <form className="card fields-stack" onSubmit={submit}>
        <FormError message={error} />
        <TextField label="First name" value={form.first_name} onChange={set('first_name')} autoComplete="given-name" />
        <TextField label="Last name" value={form.last_name} onChange={set('last_name')} autoComplete="family-name" />
        <TextField label="Email" type="email" value={form.email} onChange={set('email')} autoComplete="email" />
        <NewPasswordFields
          labels={['Password', 'Repeat password']}
          password={form.password}
          repeat={form.password_confirm}
          onPassword={set('password')}
          onRepeat={set('password_confirm')}
        />
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <p>
        Already an ambassador? <Link href="/login">Sign in</Link>
      </p>
    </main>
  )
}
