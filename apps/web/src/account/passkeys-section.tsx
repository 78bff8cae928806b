import type { Passkey } from '@ambassador/contracts/http'
import {
  browserSupportsWebAuthn,
  type PublicKeyCredentialCreationOptionsJSON,
  startRegistration,
} from '@simplewebauthn/browser'
import { type FormEvent, useState } from 'react'
import { api } from '../api.ts'
import { formatMoment } from '../dates.ts'
import { FormError, TextField } from '../forms.tsx'
import { LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'
import { PASSKEYS_UNSUPPORTED, passkeyProblem } from './passkey-problems.ts'
import './passkeys.css'

type RegistrationOptions = { ceremony_id: string; options: PublicKeyCredentialCreationOptionsJSON }

/** The shopper's passkeys: each one's name and when it was added and last used, a way to add one, and to remove one. */
export function PasskeysSection() {
  const { loaded, reload } = useApi<Passkey[]>('/api/store/passkeys')
  const [supported] = useState(browserSupportsWebAuthn)
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  // Read out by screen readers as it changes: what is happening, then what happened.
  const [status, setStatus] = useState('')

  async function add(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    setStatus('Follow your browser’s prompt to create the passkey…')
    try {
      const begun = await api<RegistrationOptions>('POST', '/api/store/passkeys/registration/options')
      const response = await startRegistration({ optionsJSON: begun.options })
      const added = await api<Passkey>('POST', '/api/store/passkeys', {
        ceremony_id: begun.ceremony_id,
        response,
        ...(name.trim() ? { name: name.trim() } : {}),
      })
      setName('')
      setStatus(`Passkey “${added.name}” added. You can now sign in with it.`)
      reload()
    } catch (problem) {
      setStatus('')
      setError(passkeyProblem(problem))
    } finally {
      setBusy(false)
    }
  }

  async function remove(passkey: Passkey) {
    setBusy(true)
    setError(undefined)
    try {
      await api('DELETE', `/api/store/passkeys/${encodeURIComponent(passkey.id)}`)
      setStatus(`Passkey “${passkey.name}” removed.`)
      reload()
    } catch (problem) {
      setError(passkeyProblem(problem))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card passkeys" aria-labelledby="passkeys-title">
      <h2 id="passkeys-title">Passkeys</h2>
      <p className="muted">
        Sign in with your fingerprint, face or screen lock instead of a password. A passkey stays on your device (or in
        your password manager) and only works on this shop.
      </p>
      {loaded.state === 'loading' && <div className="skeleton" style={{ height: '3rem' }} aria-busy="true" />}
      {loaded.state === 'failed' && <LoadError message={loaded.error.message} retry={reload} />}
      {loaded.state === 'ready' &&
        (loaded.data.length === 0 ? (
          <p>You have no passkeys yet.</p>
        ) : (
          <ul className="passkey-list" aria-label="Your passkeys">
            {loaded.data.map((passkey) => (
              <li key={passkey.id}>
                <div>
                  <strong>{passkey.name}</strong>
                  <span className="muted">
                    Added {formatMoment(passkey.created_at)} ·{' '}
                    {passkey.last_used_at ? `last used ${formatMoment(passkey.last_used_at)}` : 'not used yet'}
                  </span>
                </div>
                <button
                  type="button"
                  className="button secondary small-button"
                  onClick={() => remove(passkey)}
                  disabled={busy}
                  aria-label={`Remove passkey ${passkey.name}`}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        ))}
      <FormError message={error} />
      {supported ? (
        <form className="fields-stack" onSubmit={add}>
          <TextField
            label="Name for a new passkey (optional)"
            value={name}
            onChange={setName}
            autoComplete="off"
            optional
          />
          <button type="submit" className="button" disabled={busy}>
            Add a passkey
          </button>
        </form>
      ) : (
        <p className="muted">{PASSKEYS_UNSUPPORTED}</p>
      )}
      <p className="muted passkey-status" role="status">
        {status}
      </p>
    </section>
  )
}
