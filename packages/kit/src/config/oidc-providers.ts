/** An OpenID Connect issuer shoppers may sign in with (Google, a company's identity provider…). */
export type OidcProviderConfig = {
  /** In the sign-in and callback paths (`/api/store/oidc/<id>/…`) and the variable names (`OIDC_<ID>_…`). */
  id: string
  /** What the sign-in button says: "Sign in with <name>". */
  name: string
  /** The issuer identifier, exactly as the provider's discovery document states it (a trailing slash matters). */
  issuer: string
  clientId: string
  clientSecret: string
}

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/
const SETTINGS = ['ISSUER', 'CLIENT_ID', 'CLIENT_SECRET', 'NAME'] as const
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** The variables' prefix for a provider id: `corp-sso` → `OIDC_CORP_SSO_`. */
const prefixOf = (id: string) => `OIDC_${id.toUpperCase().replace(/-/g, '_')}_`

/** A provider on this machine (a test or development provider): the only kind allowed to speak plain http. */
export function isLoopbackIssuer(issuer: string): boolean {
  return LOOPBACK_HOSTS.has(new URL(issuer).hostname)
}

/**
 * OIDC_PROVIDERS=google,corp and, for each, OIDC_<ID>_ISSUER, _CLIENT_ID, _CLIENT_SECRET and optionally _NAME.
 * Issuers must be https (http only on a loopback address). Settings for a provider that is not listed are refused
 * too: they are a typo or a forgotten entry, and silently ignoring them would hide the sign-in button.
 */
export function oidcProviders(env: Record<string, string | undefined>, problems: string[]): OidcProviderConfig[] {
  const read = (name: string) => {
    const value = env[name]?.trim()
    return value === '' ? undefined : value
  }
  const ids = (read('OIDC_PROVIDERS') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean)
  const providers: OidcProviderConfig[] = []
  for (const id of ids) {
    if (!ID.test(id)) {
      problems.push(`OIDC_PROVIDERS must list ids of lowercase letters, digits and hyphens, got "${id}"`)
      continue
    }
    if (providers.some((p) => p.id === id)) {
      problems.push(`OIDC_PROVIDERS lists "${id}" twice`)
      continue
    }
    const prefix = prefixOf(id)
    const missing = SETTINGS.filter((s) => s !== 'NAME' && read(prefix + s) === undefined).map((s) => prefix + s)
    if (missing.length > 0) problems.push(`OIDC_PROVIDERS lists "${id}", which needs ${missing.join(', ')}`)
    const issuer = read(`${prefix}ISSUER`) ?? ''
    if (issuer !== '' && !isAllowedIssuer(issuer)) {
      problems.push(
        `${prefix}ISSUER must be an https URL (plain http only for a provider on this machine), got "${issuer}"`,
      )
    }
    const name = read(`${prefix}NAME`) ?? defaultName(id)
    if (/[\r\n]/.test(name) || name.length > 40)
      problems.push(`${prefix}NAME must be one line of at most 40 characters`)
    providers.push({
      id,
      name,
      issuer,
      clientId: read(`${prefix}CLIENT_ID`) ?? '',
      clientSecret: read(`${prefix}CLIENT_SECRET`) ?? '',
    })
  }
  const listed = new Set(ids.filter((id) => ID.test(id)).map(prefixOf))
  for (const [name, value] of Object.entries(env)) {
    const match = /^(OIDC_\w+?_)(ISSUER|CLIENT_ID|CLIENT_SECRET|NAME)$/.exec(name)
    if (match?.[1] && value?.trim() && !listed.has(match[1])) {
      problems.push(`${name} is set, but OIDC_PROVIDERS does not list its provider`)
    }
  }
  return providers
}

function isAllowedIssuer(issuer: string): boolean {
  try {
    const url = new URL(issuer)
    if (url.search !== '' || url.hash !== '') return false
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackIssuer(issuer))
  } catch {
    return false
  }
}

/** `google` → "Google", `corp-sso` → "Corp sso". */
function defaultName(id: string): string {
  const words = id.replace(/-/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}
