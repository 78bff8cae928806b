// oidc-provider ships no types (DefinitelyTyped has them; we use too little of it to add a dependency).
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  export type Account = { accountId: string; claims(): Promise<Record<string, unknown> & { sub: string }> }

  export type ClientMetadata = {
    client_id: string
    client_secret?: string
    redirect_uris: string[]
    grant_types?: string[]
    response_types?: string[]
    token_endpoint_auth_method?: string
  }

  export type Configuration = {
    clients?: ClientMetadata[]
    findAccount?: (context: unknown, sub: string) => Promise<Account | undefined>
    claims?: Record<string, string[] | null>
    cookies?: { keys: string[] }
    /** Seconds each kind of artifact lives. */
    ttl?: Record<string, number>
    conformIdTokenClaims?: boolean
    pkce?: { required?: () => boolean }
    features?: Record<string, { enabled: boolean }>
  }

  export class Provider {
    constructor(issuer: string, configuration?: Configuration)
    callback(): (request: IncomingMessage, response: ServerResponse) => void
    on(event: string, listener: (...args: unknown[]) => void): this
  }
}
