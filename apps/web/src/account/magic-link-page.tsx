import type { MagicLinkCheck } from '@ambassador/contracts/http'
import { useEffect, useState } from 'react'
import { Link } from 'wouter'
import { api } from '../api.ts'
import { FormError, TextField, useFields, useSubmit } from '../forms.tsx'
import { accountReturnPath, linkFragment } from './return-path.ts'

type State = { state: 'checking' } | { state: 'ready'; link: MagicLinkCheck } | { state: 'refused'; message: string }

/**
 * Where an emailed sign-in link lands. The secret is in the fragment (never sent to a server by opening the page),
 * and the link is spent only by the visitor's click on "Continue as …": opening it does nothing by itself, so a mail
 * scanner neither spends it, and a link someone else sent (to sign the visitor into their account) shows whose it is.
 */
export function MagicLinkPage() {
  const [{ token, next }] = useState(linkFragment)
  const [state, setState] = useState<State>({ state: 'checking' })

  useEffect(() => {
    if (!token) {
      setState({ state: 'refused', message: 'This sign-in link is incomplete. Ask for a new one.' })
      return
    }
    api<MagicLinkCheck>('POST', '/api/store/magic-link/check', { token }).then(
      (link) => setState({ state: 'ready', link }),
      (error: unknown) =>
        setState({ state: 'refused', message: error instanceof Error ? error.message : String(error) }),
    )
  }, [token])

  if (state.state === 'checking') {
    return (
      <main className="page narrow auth" aria-busy="true">
        <h1>Checking your link…</h1>
      </main>
    )
  }
  if (state.state === 'refused') {
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
  return <ContinueForm token={token} link={state.link} next={accountReturnPath(next)} />
}

function ContinueForm({ token, link, next }: { token: string; link: MagicLinkCheck; next: string }) {
  const { values, set } = useFields({ first_name: '', last_name: '' })
  const { sending, error, submit } = useSubmit(async () => {
    await api('POST', '/api/store/magic-link/sign-in', { token, ...(link.names_needed ? values : {}) })
    window.location.assign(next) // a full load: the shop's cart and header pick up the new session
  })
  return (
    <main className="page narrow auth">
      <h1>{link.new_account ? 'Open your account' : 'Sign in'}</h1>
      <form className="card fields-stack" onSubmit={submit}>
        <p>
          {link.new_account ? 'Your email is confirmed: ' : 'This link signs you in as '}
          <strong>{link.email}</strong>.
        </p>
        <FormError message={error} />
        {link.names_needed && (
          <>
            <p>What should we call you?</p>
            <TextField
              label="First name"
              value={values.first_name}
              onChange={set('first_name')}
              autoComplete="given-name"
            />
            <TextField
              label="Last name"
              value={values.last_name}
              onChange={set('last_name')}
              autoComplete="family-name"
            />
          </>
        )}
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Signing in…' : link.new_account ? 'Open my account' : `Continue as ${link.email}`}
        </button>
      </form>
      <p className="muted">Not your address? Close this page: nothing happens until you continue.</p>
    </main>
  )
}
