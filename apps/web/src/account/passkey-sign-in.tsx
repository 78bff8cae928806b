import {
  browserSupportsWebAuthn,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
} from '@simplewebauthn/browser'
import { useState } from 'react'
import { api } from '../api.ts'
import { FormError } from '../forms.tsx'
import { PASSKEYS_UNSUPPORTED, passkeyProblem } from './passkey-problems.ts'
import './passkeys.css'

type SignInOptions = { ceremony_id: string; options: PublicKeyCredentialRequestOptionsJSON }

/**
 * "Sign in with a passkey": the browser offers the passkeys it holds for this shop (no email asked first), the
 * server checks the one chosen, and the shopper goes on to `next`.
 */
export function PasskeySignIn({ next }: { next: string }) {
  const [supported] = useState(browserSupportsWebAuthn)
  const [waiting, setWaiting] = useState(false)
  const [error, setError] = useState<string>()

  async function signIn() {
    setWaiting(true)
    setError(undefined)
    try {
      const begun = await api<SignInOptions>('POST', '/api/store/passkeys/sign-in/options')
      const response = await startAuthentication({ optionsJSON: begun.options })
      await api('POST', '/api/store/passkeys/sign-in', { ceremony_id: begun.ceremony_id, response })
      window.location.assign(next) // a full load: the shop's cart and header pick up the new session
    } catch (problem) {
      setError(passkeyProblem(problem))
      setWaiting(false)
    }
  }

  return (
    <section className="card fields-stack" aria-labelledby="passkey-sign-in-title">
      <h2 id="passkey-sign-in-title">Use a passkey</h2>
      {supported ? (
        <>
          <p className="muted">Your fingerprint, face or screen lock, if you added a passkey to your account.</p>
          <FormError message={error} />
          <button type="button" className="button" onClick={signIn} disabled={waiting}>
            Sign in with a passkey
          </button>
          <p className="muted passkey-status" role="status">
            {waiting ? 'Waiting for your passkey…' : ''}
          </p>
        </>
      ) : (
        <p className="muted">{PASSKEYS_UNSUPPORTED}</p>
      )}
    </section>
  )
}
