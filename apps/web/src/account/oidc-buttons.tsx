import type { OidcProviders } from '@ambassador/contracts/http'
import { FormError } from '../forms.tsx'
import { useApi } from '../use-api.ts'
import './oidc-buttons.css'

/** What the sign-in page says when a provider sign-in came back with `?error=<code>` (set by the callback). */
export function oidcSignInProblem(code: string | null | undefined): string | undefined {
  if (!code) return undefined
  switch (code) {
    case 'expired':
      return 'That sign-in took too long or was already used. Please start again.'
    case 'browser_mismatch':
      return 'That sign-in was started in another browser or tab, so we did not finish it. Please start again here.'
    case 'cancelled':
      return 'Signing in was cancelled. Nothing changed; try again, or use another way in.'
    case 'provider_unavailable':
      return 'We could not reach that sign-in service just now. Please try again in a moment, or use another way in.'
    case 'provider_error':
    case 'sign_in_failed':
      return 'We could not confirm that sign-in. Please try again, or use another way in.'
    case 'email_missing':
      return 'That account did not share an email address with us, so we cannot sign you in with it. Please use another way in.'
    case 'email_not_verified':
      return 'That account has not confirmed its email address. Confirm it there first, or sign in with a link sent to your email.'
    case 'staff_account':
      return 'This email belongs to a staff account. Please sign in with your password on the admin or ambassador sign-in page.'
    default:
      return 'Signing in did not work. Please try again, or use another way in.'
  }
}

/**
 * "Sign in with Google" and the like: one plain link per configured OpenID Connect provider, coming back to `next`,
 * above the reason the last try failed when the provider's callback sent one. Nothing when neither applies.
 */
export function OidcSignIn({ next }: { next: string }) {
  const { loaded } = useApi<OidcProviders>('/api/store/oidc/providers')
  const problem = oidcSignInProblem(new URLSearchParams(window.location.search).get('error'))
  const providers = loaded.state === 'ready' ? loaded.data : []
  if (!problem && providers.length === 0) return null
  return (
    <>
      <FormError message={problem} />
      {providers.length > 0 && (
        <>
          <section className="card fields-stack" aria-labelledby="oidc-sign-in-title">
            <h2 id="oidc-sign-in-title">Use an account you already have</h2>
            {providers.map((provider) => (
              <a
                key={provider.id}
                className="button secondary oidc-button"
                href={`/api/store/oidc/${encodeURIComponent(provider.id)}/start?return_to=${encodeURIComponent(next)}`}
              >
                Sign in with {provider.name}
              </a>
            ))}
          </section>
          <p className="or-divider muted">or</p>
        </>
      )}
    </>
  )
}
