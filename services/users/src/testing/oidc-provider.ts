import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Env } from '@ambassador/kit/config/config'
import { Provider } from 'oidc-provider'

/** Someone with an account at the test provider: the claims it states about them. */
export type ProviderUser = {
  email?: string
  email_verified?: boolean
  given_name?: string
  family_name?: string
  name?: string
}

export type TestOidcProvider = {
  issuer: string
  clientId: string
  clientSecret: string
  /** The people who can sign in, by login name (the subject); add to it at any time. */
  users: Map<string, ProviderUser>
  /** The OIDC_* settings that configure the platform to sign in here as provider `id`. */
  env(id: string, name?: string): Env
  /**
   * Goes through the provider's own sign-in pages as a browser would, from the authorization URL the platform
   * redirected to: follows its redirects, posts its login form (any password) and its consent form — or cancels
   * at the login form — until it sends the browser back to the platform. Returns that URL (the callback).
   */
  signIn(authorizationUrl: string, login: string, options?: { cancel?: boolean }): Promise<URL>
  close(): Promise<void>
}

/**
 * A real OpenID Connect provider (oidc-provider, its development sign-in pages) on a free loopback port, with one
 * confidential client allowed to send the browser back to `redirectUris`. `thinIdToken` keeps the email and names
 * out of the ID token (as some providers do), so they are only at the UserInfo endpoint.
 */
export async function startOidcProvider(options: {
  redirectUris: string[]
  users?: Record<string, ProviderUser>
  thinIdToken?: boolean
}): Promise<TestOidcProvider> {
  let handle: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) =>
    response.writeHead(503).end()
  const server = createServer((request, response) => handle(request, response))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const clientId = 'ambassador-shop'
  const clientSecret = 'ambassador-shop-secret'
  const users = new Map(Object.entries(options.users ?? {}))

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    async findAccount(_context, sub) {
      const user = users.get(sub)
      return user && { accountId: sub, claims: async () => ({ sub, ...user }) }
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name'],
    },
    conformIdTokenClaims: options.thinIdToken ?? false,
    // Every sign-in must prove its PKCE verifier, as Google's do when a challenge was sent.
    pkce: { required: () => true },
    cookies: { keys: ['test-provider-cookie-key'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: true } },
  })
  handle = provider.callback()

  return {
    issuer,
    clientId,
    clientSecret,
    users,
    env(id, name) {
      const prefix = `OIDC_${id.toUpperCase().replace(/-/g, '_')}_`
      return {
        [`${prefix}ISSUER`]: issuer,
        [`${prefix}CLIENT_ID`]: clientId,
        [`${prefix}CLIENT_SECRET`]: clientSecret,
        ...(name ? { [`${prefix}NAME`]: name } : {}),
      }
    },
    signIn: (authorizationUrl, login, signInOptions = {}) =>
      walkSignIn(new URL(authorizationUrl), issuer, login, signInOptions.cancel ?? false),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

async function walkSignIn(start: URL, issuer: string, login: string, cancel: boolean): Promise<URL> {
  const cookies = new Map<string, string>()
  let url = start
  let form: URLSearchParams | undefined
  for (let step = 0; step < 20; step++) {
    if (url.origin !== new URL(issuer).origin) return url
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
      ...(form ? { body: form } : {}),
    })
    for (const line of response.headers.getSetCookie()) {
      const [name = '', value = ''] = (line.split(';')[0] ?? '').split('=')
      if (value) cookies.set(name, value)
      else cookies.delete(name)
    }
    form = undefined
    const location = response.headers.get('location')
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url)
      continue
    }
    const page = await response.text()
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1]
    if (response.status !== 200 || !prompt) throw new Error(`the provider answered ${response.status}: ${page}`)
    if (cancel) {
      url = new URL(`${url.pathname}/abort`, url)
    } else {
      form = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any password' } : { prompt })
    }
  }
  throw new Error('the provider kept the browser going round')
}
