import { useEffect, useRef, useState } from 'react'
import { Link } from 'wouter'
import { ApiError, api } from '../api.ts'
import { FormError, TextField, useFields, useSubmit } from '../forms.tsx'
import { accountReturnPath } from './return-path.ts'

type State = { state: 'signing-in' } | { state: 'needs-names' } | { state: 'refused'; message: string }

/**
 * Where an emailed sign-in link lands. The link is spent by a POST from this page, not by opening it: a mail
 * scanner that follows links must not use up (or use) a shopper's sign-in. An address with no account yet is asked
 * for the names to open it with.
 */
export function MagicLinkPage() {
  const params = new URLSearchParams(window.location.search)
  const token = params.get('token') ?? ''
  const next = accountReturnPath()
  const [state, setState] = useState<State>({ state: 'signing-in' })
  const started = useRef(false)

  async function consume(names?: { first_name: string; last_name: string }) {
    try {
      await api('POST', '/api/store/magic-link/sign-in', { token, ...names })
      window.location.assign(next)
    } catch (error) {
      if (error instanceof ApiError && error.code === 'names_required') setState({ state: 'needs-names' })
      else setState({ state: 'refused', message: error instanceof Error ? error.message : String(error) })
      if (names) throw error
    }
  }

  useEffect(() => {
    if (started.current) return // React's development double effect must not spend the link twice
    started.current = true
    if (!token) setState({ state: 'refused', message: 'This sign-in link is incomplete. Ask for a new one.' })
    else void consume()
  })

  if (state.state === 'signing-in') {
    return (
      <main className="page narrow auth" aria-busy="true">
        <h1>Signing you in…</h1>
      </main>
    )
  }
  if (state.state === 'needs-names') return <NamesForm onNames={consume} />
  return (
    <main className="page narrow auth">
      <h1>This link cannot sign you in</h1>
      <p className="alert error" role="alert">
        {state.message}
      </p>
      <p>
        <Link href="/sign-in" className="button">
          Get a new sign-in link
        </Link>
      </p>
    </main>
  )
}

function NamesForm({ onNames }: { onNames(names: { first_name: string; last_name: string }): Promise<void> }) {
  const { values, set } = useFields({ first_name: '', last_name: '' })
  const { sending, error, submit } = useSubmit(() => onNames(values))
  return (
    <main className="page narrow auth">
      <h1>Open your account</h1>
      <form className="card fields-stack" onSubmit={submit}>
        <p>Your email is confirmed. What should we call you?</p>
        <FormError message={error} />
        <TextField
          label="First name"
          value={values.first_name}
          onChange={set('first_name')}
          autoComplete="given-name"
        />
        <TextField label="Last name" value={values.last_name} onChange={set('last_name')} autoComplete="family-name" />
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Opening…' : 'Open my account'}
        </button>
      </form>
    </main>
  )
}
