import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto'
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers'

type Credential = { privateKey: KeyObject; userHandle: string; counter: number }

/**
 * A passkey authenticator in software, as a browser at `origin` would use it: P-256 (ES256) keys, attestation
 * "none", user present and verified, discoverable credentials. Its answers are what @simplewebauthn/browser sends
 * (RegistrationResponseJSON, AuthenticationResponseJSON), built byte by byte from the WebAuthn spec.
 */
export function softwareAuthenticator(origin: string) {
  const rpIdHash = sha256(Buffer.from(new URL(origin).hostname))
  const credentials = new Map<string, Credential>()

  const clientData = (type: string, challenge: string) =>
    isoBase64URL.fromUTF8String(JSON.stringify({ type, challenge, origin, crossOrigin: false }))

  return {
    /** Answers `navigator.credentials.create()` with a new credential; returns the response to send. */
    register(options: { challenge: string; user: { id: string } }) {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      const id = isoBase64URL.fromBuffer(randomBytes(32))
      credentials.set(id, { privateKey, userHandle: options.user.id, counter: 0 })
      const jwk = publicKey.export({ format: 'jwk' })
      // COSE_Key: kty EC2, alg ES256, crv P-256, x, y.
      const coseKey = isoCBOR.encode(
        new Map<number, number | Uint8Array>([
          [1, 2],
          [3, -7],
          [-1, 1],
          [-2, isoBase64URL.toBuffer(jwk.x ?? '')],
          [-3, isoBase64URL.toBuffer(jwk.y ?? '')],
        ]),
      )
      const credentialId = isoBase64URL.toBuffer(id)
      const authData = Buffer.concat([
        rpIdHash,
        Buffer.from([0x45]), // user present, user verified, attested credential data
        uint32(0),
        Buffer.alloc(16), // AAGUID: none
        Buffer.from([credentialId.length >> 8, credentialId.length & 0xff]),
        credentialId,
        coseKey,
      ])
      const attestationObject = isoCBOR.encode(
        new Map<string, string | Uint8Array | Map<string, string>>([
          ['fmt', 'none'],
          ['attStmt', new Map<string, string>()],
          ['authData', authData],
        ]),
      )
      return {
        id,
        rawId: id,
        type: 'public-key',
        response: {
          clientDataJSON: clientData('webauthn.create', options.challenge),
          attestationObject: isoBase64URL.fromBuffer(attestationObject),
          transports: ['internal'],
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      }
    },

    /**
     * Answers `navigator.credentials.get()` with a credential it holds (the only one, unless told which), its
     * signature counter moved on (or set to `counter`, as a cloned authenticator would send).
     */
    signIn(options: { challenge: string }, which: { id?: string; counter?: number } = {}) {
      const id = which.id ?? [...credentials.keys()][0] ?? ''
      const credential = credentials.get(id)
      if (!credential) throw new Error('this authenticator holds no such credential')
      credential.counter = which.counter ?? credential.counter + 1
      const authData = Buffer.concat([rpIdHash, Buffer.from([0x05]), uint32(credential.counter)])
      const clientDataJSON = clientData('webauthn.get', options.challenge)
      const signed = Buffer.concat([authData, sha256(isoBase64URL.toBuffer(clientDataJSON))])
      return {
        id,
        rawId: id,
        type: 'public-key',
        response: {
          clientDataJSON,
          authenticatorData: isoBase64URL.fromBuffer(authData),
          // ECDSA over SHA-256, DER-encoded, as WebAuthn's ES256 signatures are.
          signature: isoBase64URL.fromBuffer(sign('sha256', signed, credential.privateKey)),
          userHandle: credential.userHandle,
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      }
    },
  }
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest()

function uint32(value: number) {
  const bytes = Buffer.alloc(4)
  bytes.writeUInt32BE(value)
  return bytes
}
