import { ApiError } from '../api.ts'

/** What to tell a shopper when a passkey ceremony did not finish, in words rather than WebAuthn's error names. */
export function passkeyProblem(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'passkey_not_recognised') {
      return 'We do not recognise that passkey. It may have been removed from your account; please sign in another way.'
    }
    if (error.code === 'passkey_ceremony_expired') return 'That took a little too long. Please try again.'
    return error.message
  }
  const name = error instanceof Error ? error.name : ''
  // The browser's own refusal: the shopper cancelled, closed the prompt, or let it time out.
  if (name === 'NotAllowedError' || name === 'AbortError') {
    return 'The passkey request was cancelled or timed out. Nothing changed; try again when you are ready.'
  }
  if (name === 'InvalidStateError') return 'This device already has a passkey for your account.'
  if (name === 'ConstraintError') return 'This device or security key cannot keep a passkey. Try another one.'
  if (name === 'SecurityError')
    return 'Passkeys only work on the shop’s own address. Open the shop there and try again.'
  return 'Your browser could not use a passkey here. Please try again, or use another way in.'
}

export const PASSKEYS_UNSUPPORTED =
  'This browser cannot use passkeys. A recent Chrome, Edge, Firefox or Safari can; until then, sign in another way.'
