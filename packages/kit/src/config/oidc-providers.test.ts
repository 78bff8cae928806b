import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.ts'

const google = {
  OIDC_GOOGLE_ISSUER: 'https://accounts.google.com',
  OIDC_GOOGLE_CLIENT_ID: 'id.apps.googleusercontent.com',
  OIDC_GOOGLE_CLIENT_SECRET: 'google-secret',
}

describe('OpenID Connect providers in the config', () => {
  it('has none unless OIDC_PROVIDERS lists some', () => {
    expect(loadConfig({}).oidcProviders).toEqual([])
  })

  it('reads each listed provider, naming its button after its id unless OIDC_<ID>_NAME says otherwise', () => {
    const config = loadConfig({
      OIDC_PROVIDERS: 'google, corp-sso',
      ...google,
      OIDC_CORP_SSO_ISSUER: 'https://login.example.com/realms/staff/',
      OIDC_CORP_SSO_CLIENT_ID: 'shop',
      OIDC_CORP_SSO_CLIENT_SECRET: 'corp-secret',
      OIDC_CORP_SSO_NAME: 'Example Corp',
    })
    expect(config.oidcProviders).toEqual([
      {
        id: 'google',
        name: 'Google',
        issuer: 'https://accounts.google.com',
        clientId: 'id.apps.googleusercontent.com',
        clientSecret: 'google-secret',
      },
      {
        id: 'corp-sso',
        name: 'Example Corp',
        // Kept as given: the issuer must equal the one the provider's discovery document states, slash and all.
        issuer: 'https://login.example.com/realms/staff/',
        clientId: 'shop',
        clientSecret: 'corp-secret',
      },
    ])
  })

  it('allows a plain-http issuer on this machine only (a local test or development provider)', () => {
    const local = { OIDC_PROVIDERS: 'local', OIDC_LOCAL_CLIENT_ID: 'shop', OIDC_LOCAL_CLIENT_SECRET: 's' }
    expect(loadConfig({ ...local, OIDC_LOCAL_ISSUER: 'http://127.0.0.1:4455' }).oidcProviders[0]?.issuer).toBe(
      'http://127.0.0.1:4455',
    )
    expect(() => loadConfig({ ...local, OIDC_LOCAL_ISSUER: 'http://login.example.com' })).toThrow(
      'OIDC_LOCAL_ISSUER must be an https URL',
    )
  })

  it.each([
    ['a provider without its settings', { OIDC_PROVIDERS: 'google' }, 'OIDC_GOOGLE_ISSUER, OIDC_GOOGLE_CLIENT_ID'],
    [
      'a provider without its client secret',
      { OIDC_PROVIDERS: 'google', ...google, OIDC_GOOGLE_CLIENT_SECRET: '' },
      'needs OIDC_GOOGLE_CLIENT_SECRET',
    ],
    ['an issuer that is not a URL', { OIDC_PROVIDERS: 'google', ...google, OIDC_GOOGLE_ISSUER: 'google' }, 'ISSUER'],
    ['an id with capitals or spaces', { OIDC_PROVIDERS: 'My Corp' }, 'OIDC_PROVIDERS must list ids'],
    ['an id listed twice', { OIDC_PROVIDERS: 'google,google', ...google }, 'lists "google" twice'],
    ['settings of a provider that is not listed', { ...google }, 'OIDC_GOOGLE_ISSUER is set, but OIDC_PROVIDERS'],
    ['a button label on two lines', { OIDC_PROVIDERS: 'google', ...google, OIDC_GOOGLE_NAME: 'a\nb' }, 'NAME'],
  ])('stops at start on %s', (_case, env, problem) => {
    expect(() => loadConfig(env)).toThrow(problem)
  })
})
