import { readFile } from 'node:fs/promises'
import { idOf, type K8sObject } from './objects.ts'

/** One route: a path as ingress-nginx takes it (a regular expression anchored at the start), its service, its body limit. */
export type Route = { path: string; service: string; maxBody: string }

/**
 * The routes of the gateway (deploy/gateway/nginx.conf) that reach a service, as Ingress paths: a prefix location
 * stays as it is, a regex loses its `^` (ingress-nginx adds it), an exact one gains a `$`, and a location that picks
 * its upstream by a capture (`/api/(users|admin)/health` → `$1`) becomes one route per name.
 */
export async function gatewayRoutes(nginxConf: string): Promise<Route[]> {
  const text = await readFile(nginxConf, 'utf8')
  const defaultBody = /^\s*client_max_body_size\s+(\S+);/m.exec(text)?.[1] ?? '1m'
  const routes: Route[] = []
  for (const [, modifier, rawPath = '', block = ''] of text.matchAll(
    /^\s*location\s+(?:(~\*?|=)\s+)?(\S+)\s*\{([^}]*)\}/gm,
  )) {
    const upstream = /proxy_pass\s+http:\/\/([^;/\s]+)/.exec(block)?.[1]
    if (!upstream) continue
    const maxBody = /client_max_body_size\s+(\S+);/.exec(block)?.[1] ?? defaultBody
    const path = modifier === '=' ? `${rawPath}$` : modifier ? rawPath.replace(/^\^/, '') : rawPath
    if (upstream === '$1') {
      const group = /\(([\w|]+)\)/.exec(path)
      for (const name of group?.[1]?.split('|') ?? [])
        routes.push({ path: path.replace(group?.[0] ?? '', name), service: name, maxBody })
    } else routes.push({ path, service: upstream, maxBody })
  }
  return routes
}

/** The routes of every Ingress of an overlay, with ingress-nginx's body limit annotation. */
export function ingressRoutes(objects: K8sObject[]): Route[] {
  const routes: Route[] = []
  for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
    const maxBody = ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/proxy-body-size'] ?? '1m'
    const rules = (ingress.spec?.rules ?? []) as { http?: { paths?: { path?: string; backend?: IngressBackend }[] } }[]
    for (const rule of rules)
      for (const { path = '', backend } of rule.http?.paths ?? [])
        routes.push({ path, service: backend?.service?.name ?? '(no service)', maxBody })
  }
  return routes
}

type IngressBackend = { service?: { name?: string; port?: { name?: string; number?: number } } }

/**
 * The Ingress and the gateway must route alike: each of the gateway's routes, to the same service with the same body
 * limit, and no other. Each Ingress must also let ingress-nginx read its paths as regular expressions, and name
 * Services (and ports) the overlay has.
 */
export async function routeProblems(objects: K8sObject[], nginxConf: string): Promise<string[]> {
  const problems: string[] = []
  const key = (route: Route) => `${route.path} → ${route.service} (body up to ${route.maxBody})`
  const gateway = new Set((await gatewayRoutes(nginxConf)).map(key))
  const ingress = new Set(ingressRoutes(objects).map(key))
  for (const route of gateway)
    if (!ingress.has(route)) problems.push(`the gateway routes ${route}; the Ingress does not`)
  for (const route of ingress)
    if (!gateway.has(route)) problems.push(`the Ingress routes ${route}; the gateway does not`)
  const services = new Map(
    objects
      .filter((o) => o.kind === 'Service')
      .map((o) => [o.metadata.name, ((o.spec?.ports ?? []) as { name?: string }[]).map((p) => p.name)]),
  )
  for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
    if (ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/use-regex'] !== 'true')
      problems.push(
        `${idOf(ingress)} does not say its paths are regular expressions (nginx.ingress.kubernetes.io/use-regex)`,
      )
    const rules = (ingress.spec?.rules ?? []) as { http?: { paths?: { path?: string; backend?: IngressBackend }[] } }[]
    for (const { path, backend } of rules.flatMap((rule) => rule.http?.paths ?? [])) {
      const name = backend?.service?.name ?? ''
      const port = backend?.service?.port?.name
      if (!services.has(name)) problems.push(`${idOf(ingress)} sends ${path} to a Service ${name} the overlay lacks`)
      else if (port && !services.get(name)?.includes(port))
        problems.push(`${idOf(ingress)} sends ${path} to port ${port}, which Service/${name} lacks`)
    }
  }
  return problems
}

/** Every host of every Ingress is served over TLS (payment providers and browsers' secure cookies need HTTPS). */
export function tlsProblems(objects: K8sObject[]): string[] {
  const problems: string[] = []
  for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
    const covered = ((ingress.spec?.tls ?? []) as { hosts?: string[]; secretName?: string }[])
      .filter((tls) => tls.secretName)
      .flatMap((tls) => tls.hosts ?? [])
    for (const { host } of (ingress.spec?.rules ?? []) as { host?: string }[])
      if (!host || !covered.includes(host)) problems.push(`${idOf(ingress)} serves ${host ?? 'every host'} without TLS`)
  }
  return problems
}
