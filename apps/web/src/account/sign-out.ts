import { useState } from 'react'
import { api } from '../api.ts'

/**
 * Signing a shopper out: the session version moves on, so every device's session ends with this one (token
 * versions, not a session list); then the sign-in page, loaded afresh so nothing of the account stays on screen.
 */
export function useSignOut() {
  const [sending, setSending] = useState(false)
  async function signOut() {
    setSending(true)
    try {
      await api('POST', '/api/store/logout')
    } finally {
      window.location.assign('/account/sign-in')
    }
  }
  return { sending, signOut }
}
