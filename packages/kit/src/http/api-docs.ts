import { isDeepStrictEqual } from 'node:util'
import type { FastifyRequest } from 'fastify'
import { SERVICE_NAMES, type ServiceName } from '../config/config.ts'
import type { HttpApp } from './server.ts'

/** The parts of an OpenAPI 3 document that merging looks into; everything else is carried as it is. */
export type ApiDocument = {
  info?: { description?: string; [key: string]: unknown }
  paths?: Record<string, Record<string, unknown>>
  components?: Record<string, Record<string, unknown>>
  tags?: { name: string }[]
  [key: string]: unknown
}

export type ServiceDocument = { service: string; document: ApiDocument }

/** A whole document is kept this long; one missing a service is fetched again sooner. */
const WHOLE_FOR_MS = 60_000
const PARTIAL_FOR_MS = 5_000
/** A source that has not answered by then counts as down: the docs must not hang on one service. */
const FETCH_TIMEOUT_MS = 2_000

/**
 * `GET /api/<service>/openapi.json` for each service of this process (its own routes: what the process answering
 * `/api/docs` fetches), and `GET /api/docs`: this process's document, merged, when `source` is set, with the
 * document of every service running elsewhere, fetched from `source` (`{service}` replaced by the service's name).
 * A service whose document cannot be fetched is left out, and the document says so.
 */
export function apiDocsRoutes(app: HttpApp, options: { services: ServiceName[]; source: string | undefined }) {
  const own = () => app.swagger() as ApiDocument
  const hidden = { config: { auth: 'public' as const }, schema: { hide: true } }
  for (const service of options.services) app.get(`/api/${service}/openapi.json`, hidden, async () => own())
  if (!options.source) {
    app.get('/api/docs', hidden, async () => own())
    return
  }
  const source: string = options.source
  const elsewhere = SERVICE_NAMES.filter((service) => !options.services.includes(service))
  let cached: { document: Promise<ApiDocument>; until: number } | undefined
  app.get('/api/docs', hidden, async (request) => {
    if (!cached || Date.now() >= cached.until) {
      // Cached before it settles: everyone asking meanwhile waits for the same fetches.
      const entry = { document: wholeDocument(request), until: Number.POSITIVE_INFINITY }
      cached = entry
      entry.document.then(
        (document) => {
          entry.until = Date.now() + (document.info?.['x-missing-services'] ? PARTIAL_FOR_MS : WHOLE_FOR_MS)
        },
        () => {
          if (cached === entry) cached = undefined
        },
      )
    }
    return cached.document
  })

  async function wholeDocument(request: FastifyRequest) {
    const fetched = await Promise.all(elsewhere.map((service) => fetchDocument(request, service)))
    const merged = mergeApiDocuments(
      own(),
      fetched.flatMap((entry) => (entry.document ? [entry as ServiceDocument] : [])),
    )
    const missing = fetched.filter(({ document }) => !document).map(({ service }) => service)
    return missing.length === 0 ? merged : withMissingServices(merged, missing)
  }

  async function fetchDocument(request: FastifyRequest, service: ServiceName) {
    const url = source.replaceAll('{service}', service)
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json', 'x-request-id': request.id },
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      })
      if (!response.ok) throw new Error(`${url} answered ${response.status}`)
      const document: unknown = await response.json()
      if (!isApiDocument(document)) throw new Error(`${url} did not answer an OpenAPI document`)
      return { service, document }
    } catch (error) {
      request.log.warn({ err: error, service }, "a service's API document could not be fetched for /api/docs")
      return { service, document: undefined }
    }
  }
}

function isApiDocument(value: unknown): value is ApiDocument {
  const paths = (value as ApiDocument | null)?.paths
  return typeof value === 'object' && value !== null && typeof paths === 'object' && paths !== null
}

/**
 * One document of several services' documents: the first one's info, every path operation (one that two documents
 * both describe, the same, appears once), and every component; a component another document already has under that
 * name but different is renamed `<service>.<name>`, and the references to it in its own document follow.
 */
export function mergeApiDocuments(first: ApiDocument, others: ServiceDocument[]): ApiDocument {
  const merged: ApiDocument = structuredClone(first)
  const paths: NonNullable<ApiDocument['paths']> = merged.paths ?? {}
  const components: NonNullable<ApiDocument['components']> = merged.components ?? {}
  const tags: NonNullable<ApiDocument['tags']> = merged.tags ?? []
  for (const { service, document } of others) {
    const renamed = new Map<string, string>()
    for (const [kind, entries] of Object.entries(document.components ?? {})) {
      const known = components[kind] ?? {}
      for (const [name, value] of Object.entries(entries)) {
        if (!(name in known) || isDeepStrictEqual(known[name], value)) continue
        let rename = `${service}.${name}`
        for (let n = 2; rename in known || rename in entries; n++) rename = `${service}.${name}.${n}`
        renamed.set(`#/components/${kind}/${name}`, `#/components/${kind}/${rename}`)
      }
    }
    const incoming = renamed.size > 0 ? withReferencesRenamed(document, renamed) : document
    for (const [kind, entries] of Object.entries(incoming.components ?? {})) {
      const known = components[kind] ?? {}
      components[kind] = known
      for (const [name, value] of Object.entries(entries)) {
        const target = renamed.get(`#/components/${kind}/${name}`)?.split('/').pop() ?? name
        if (!(target in known)) known[target] = value
      }
    }
    for (const [path, item] of Object.entries(incoming.paths ?? {})) {
      const into = paths[path] ?? {}
      paths[path] = into
      // An operation the gateway sends to one service is described by that service alone; a second, different
      // description of it (two services claiming one route) keeps the first.
      for (const [key, value] of Object.entries(item)) if (!(key in into)) into[key] = value
    }
    for (const tag of incoming.tags ?? []) if (!tags.some((t) => t.name === tag.name)) tags.push(tag)
  }
  return { ...merged, paths, components, ...(tags.length > 0 ? { tags } : {}) }
}

/** A copy of a document whose `$ref`s point at the new names of renamed components. */
function withReferencesRenamed(document: ApiDocument, renamed: Map<string, string>): ApiDocument {
  return JSON.parse(JSON.stringify(document), (key, value) =>
    key === '$ref' && typeof value === 'string' ? (renamed.get(value) ?? value) : value,
  ) as ApiDocument
}

/** The document, telling its reader which services' routes it lacks (their documents could not be fetched). */
function withMissingServices(document: ApiDocument, missing: string[]): ApiDocument {
  const note =
    `The API documents of ${missing.join(', ')} could not be fetched just now: their routes are missing here. ` +
    'Reload in a few seconds.'
  const info = document.info ?? {}
  return {
    ...document,
    info: {
      ...info,
      description: info.description ? `${info.description}\n\n${note}` : note,
      'x-missing-services': missing,
    },
  }
}
