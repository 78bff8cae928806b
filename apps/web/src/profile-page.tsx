import { api } from './api.ts'
import { FormError, NewPasswordFields, requireSamePasswords, TextField, useFields, useSubmit } from './forms.tsx'
import { LoadError } from './shell.tsx'
import { useToast } from './toast.tsx'
import { useApi } from './use-api.ts'

type Account = { id: string; first_name: string; last_name: string; email: string }

/** Your name, email and password, for admins and ambassadors alike (`onSaved` refreshes what the header shows). */
export function ProfilePage({ area, onSaved }: { area: 'admin' | 'ambassador' | 'store'; onSaved?(): void }) {
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
  const {
    values: form,
    set,
    setValues: setForm,
  } = useFields({
    first_name: account.first_name,
    last_name: account.last_name,
    email: account.email,
    current_password: '',
  })
  const emailChanges = form.email.trim().toLowerCase() !== account.email
  const { sending, error, submit } = useSubmit(async () => {
    const { current_password, ...details } = form
    const body = emailChanges && current_password ? { ...details, current_password } : details
    const saved = await api<Account>('PUT', `/api/${area}/users/info`, body)
    setForm({ first_name: saved.first_name, last_name: saved.last_name, email: saved.email, current_password: '' })
    notify('Your details are saved')
    onSaved?.()
  })
  return (
    <form className="card fields-stack profile-form" onSubmit={submit} aria-labelledby="details-title">
      <h2 id="details-title">Details</h2>
      <FormError message={error} />
      <TextField label="First name" value={form.first_name} onChange={set('first_name')} autoComplete="given-name" />
      <TextField label="Last name" value={form.last_name} onChange={set('last_name')} autoComplete="family-name" />
      <TextField label="Email" type="email" value={form.email} onChange={set('email')} autoComplete="email" />
      {emailChanges && <CurrentPasswordField value={form.current_password} onChange={set('current_password')} />}
      <button type="submit" className="button" disabled={sending}>
        {sending ? 'Saving…' : 'Save details'}
      </button>
    </form>
  )
}

function PasswordForm({ area }: { area: string }) {
  const notify = useToast()
  const {
    values: form,
    set,
    setValues: setForm,
  } = useFields({ password: '', password_confirm: '', current_password: '' })
  const { sending, error, submit } = useSubmit(async () => {
    requireSamePasswords(form)
    const { current_password, ...change } = form
    await api('PUT', `/api/${area}/users/password`, current_password ? form : change)
    setForm({ password: '', password_confirm: '', current_password: '' })
    notify('Your password is changed')
  })
  return (
    <form className="card fields-stack profile-form" onSubmit={submit} aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <FormError message={error} />
      <CurrentPasswordField value={form.current_password} onChange={set('current_password')} />
      <NewPasswordFields
        labels={['New password', 'Repeat new password']}
        password={form.password}
        repeat={form.password_confirm}
        onPassword={set('password')}
        onRepeat={set('password_confirm')}
      />
      <button type="submit" className="button" disabled={sending}>
        {sending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  )
}

/** Asked for by the server to change the password or the email, unless you signed in a few minutes ago. */
function CurrentPasswordField({ value, onChange }: { value: string; onChange(value: string): void }) {
  return (
    <>
      <TextField
        label="Current password"
        type="password"
        value={value}
        onChange={onChange}
        autoComplete="current-password"
        optional
      />
      <p className="muted small-left">Not needed if you signed in within the last ten minutes.</p>
    </>
  )
}
