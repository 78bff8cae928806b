import { createHmac, randomBytes } from 'node:crypto'

/** The header that carries the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'Ambassador-Signature'

/** Signs a request body with an endpoint's secret at a moment (unix seconds): the signature header's value. */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')
  return `t=${unixSeconds},v1=${mac}`
}

/** A new endpoint secret: 32 random bytes, recognisable by its prefix. */
export function newEndpointSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`
}
