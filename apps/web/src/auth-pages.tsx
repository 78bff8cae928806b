import { type FormEvent, useState } from 'react'
import { Link, useLocation } from 'wouter'
import { api } from './api.ts'

function useSubmit(action: () => Promise<void>) {
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string>()
  async function submit(event: FormEvent) {
    event.preventDefault()
    setSending(true)
    setError(undefined)
    try {
      await action()
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      setSending(false)
    }
  }
  return { sending, error, submit }
}

function TextField(props: {
  label: string
  type?: string
  value: string
  onChange(v: string): void
  autoComplete: string
}) {
  const id = `f-${props.label.toLowerCase().replace(/\W+/g, '-')}`
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type ?? 'text'}
        required
        value={props.value}
        autoComplete={props.autoComplete}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  )
}

export function LoginPage({ area = 'ambassador' }: { area?: 'admin' | 'ambassador' }) {
  const [, navigate] = useLocation()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const { sending, error, submit } = useSubmit(async () => {
    await api('POST', `/api/${area}/login`, { email, password })
    navigate('/')
  })
  return (
    <main className="page narrow auth">
      <h1>{area === 'admin' ? 'Sign in to run your store' : 'Sign in to your ambassador account'}</h1>
      <form className="card fields-stack" onSubmit={submit}>
        {error && (
          <p className="alert error" role="alert">
            {error}
          </p>
        )}
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
  const [form, setForm] = useState({ first_name: '', last_name: '', email: '', password: '', password_confirm: '' })
  const set = (field: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [field]: value }))
  const { sending, error, submit } = useSubmit(async () => {
    if (form.password !== form.password_confirm) throw new Error('The two passwords do not match')
    await api('POST', '/api/ambassador/register', form)
    await api('POST', '/api/ambassador/login', { email: form.email, password: form.password })
    navigate('/')
  })
  return (
    <main className="page narrow auth">
      <h1>Become an ambassador</h1>
      <p className="muted">Share links to products you like and earn a commission on every order.</p>
      <form className="card fields-stack" onSubmit={submit}>
        {error && (
          <p className="alert error" role="alert">
            {error}
          </p>
        )}
        <TextField label="First name" value={form.first_name} onChange={set('first_name')} autoComplete="given-name" />
        <TextField label="Last name" value={form.last_name} onChange={set('last_name')} autoComplete="family-name" />
        <TextField label="Email" type="email" value={form.email} onChange={set('email')} autoComplete="email" />
        <TextField
          label="Password"
          type="password"
          value={form.password}
          onChange={set('password')}
          autoComplete="new-password"
        />
        <TextField
          label="Repeat password"
          type="password"
          value={form.password_confirm}
          onChange={set('password_confirm')}
          autoComplete="new-password"
        />
        <p className="muted small-left">At least 8 characters.</p>
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
