import { useState } from 'react'
import { api } from './api.ts'
import { TextField, useSubmit } from './forms.tsx'
import { LoadError } from './shell.tsx'
import { useToast } from './toast.tsx'
import { useApi } from './use-api.ts'

type Account = { id: string; first_name: string; last_name: string; email: string }

/** Your name, email and password, for admins and ambassadors alike (`onSaved` refreshes what the header shows). */
export function ProfilePage({ area, onSaved }: { area: 'admin' | 'ambassador'; onSaved?(): void }) {
  const { loaded, reload } = useApi<Account>(`/api/${area}/user`)
  if (loaded.state === 'loading') return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (loaded.state === 'failed') return <LoadError message={loaded.error.message} retry={reload} />
  return (
    <section aria-labelledby="profile-title" className="narrow">
      <h1 id="profile-title">Your profile</h1>
      <DetailsForm area={area} account={loaded.data} onSaved={onSaved} />
      <PasswordForm area={area} />
    </section>
  )
}

function DetailsForm({ area, account, onSaved }: { area: string; account: Account; onSaved?(): void }) {
  const notify = useToast()
  const [form, setForm] = useState({
    first_name: account.first_name,
    last_name: account.last_name,
    email: account.email,
  })
  const set = (field: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [field]: value }))
  const { sending, error, submit } = useSubmit(async () => {
    const saved = await api<Account>('PUT', `/api/${area}/users/info`, form)
    setForm({ first_name: saved.first_name, last_name: saved.last_name, email: saved.email })
    notify('Your details are saved')
    onSaved?.()
  })
  return (
    <form className="card fields-stack profile-form" onSubmit={submit} aria-labelledby="details-title">
      <h2 id="details-title">Details</h2>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      <TextField label="First name" value={form.first_name} onChange={set('first_name')} autoComplete="given-name" />
      <TextField label="Last name" value={form.last_name} onChange={set('last_name')} autoComplete="family-name" />
      <TextField label="Email" type="email" value={form.email} onChange={set('email')} autoComplete="email" />
      <button type="submit" className="button" disabled={sending}>
        {sending ? 'Saving…' : 'Save details'}
      </button>
    </form>
  )
}

function PasswordForm({ area }: { area: string }) {
  const notify = useToast()
  const [form, setForm] = useState({ password: '', password_confirm: '' })
  const set = (field: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [field]: value }))
  const { sending, error, submit } = useSubmit(async () => {
    if (form.password !== form.password_confirm) throw new Error('The two passwords do not match')
    await api('PUT', `/api/${area}/users/password`, form)
    setForm({ password: '', password_confirm: '' })
    notify('Your password is changed')
  })
  return (
    <form className="card fields-stack profile-form" onSubmit={submit} aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      <TextField
        label="New password"
        type="password"
        value={form.password}
        onChange={set('password')}
        autoComplete="new-password"
      />
      <p className="muted small-left">At least 8 characters.</p>
      <TextField
        label="Repeat new password"
        type="password"
        value={form.password_confirm}
        onChange={set('password_confirm')}
        autoComplete="new-password"
      />
      <button type="submit" className="button" disabled={sending}>
        {sending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  )
}
