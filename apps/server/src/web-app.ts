import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type PreparedBody, prepareBody, preparedWith, sendPrepared } from '@ambassador/kit/http/prepared-body'
import type { HttpApp } from '@ambassador/kit/http/server'
import type { PageVisit } from '@ambassador/kit/service'
import { Type } from 'typebox'
import { demoImageRoutes } from './demo-images.ts'

/** Where `npm run build` puts the web app. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url))

/**
 * What the server answers besides the API: the web app's pages and assets, and the demo store's pictures. Opening a
 * page also runs what the services in this process do then (`pageVisits`: the ambassador service's referral clicks).
 */
export function pageRoutes(app: HttpApp, services: { pageVisits: PageVisit[] } = { pageVisits: [] }) {
  demoImageRoutes(app)
  webAppRoutes(app, WEB_DIST, services.pageVisits)
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

// Scripts and styles come only from this origin; product images may live anywhere on the web.
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https: http:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
].join('; ')

/**
 * Serves the built web app (apps/web/dist): hashed assets cached for a year, and index.html for every page route
 * so the app's router takes over. Only files that were in the build are ever served. Each page request first goes
 * through `pageVisits` (none waits; one that fails is logged and the page still goes out).
 */
export function webAppRoutes(app: HttpApp, distDir: string, pageVisits: PageVisit[] = []) {
  const indexFile = path.join(distDir, 'index.html')
  const built = existsSync(indexFile)
  const assets = new Map<string, PreparedBody>()
  if (built) {
    const dir = path.join(distDir, 'assets')
    const files = new Set(readdirSync(dir))
    const sibling = (file: string) => (files.has(file) ? readFileSync(path.join(dir, file)) : undefined)
    for (const file of files) {
      if (file.endsWith('.br') || file.endsWith('.gz')) continue
      const body = prepareBody(
        readFileSync(path.join(dir, file)),
        TYPES[path.extname(file)] ?? 'application/octet-stream',
      )
      // Compressed at build time (vite.config.ts), so no request ever waits for a compressor.
      const br = sibling(`${file}.br`)
      const gzip = sibling(`${file}.gz`)
      assets.set(file, preparedWith(body, { ...(br ? { br } : {}), ...(gzip ? { gzip } : {}) }))
    }
  }
  const index = built ? readFileSync(indexFile) : undefined
  const hidden = { hide: true }

  app.get(
    '/assets/:file',
    {
      config: { auth: 'public' },
      schema: { ...hidden, params: Type.Object({ file: Type.String({ maxLength: 200 }) }) },
    },
    async (request, reply) => {
      const body = assets.get(request.params.file)
      if (!body) return reply.callNotFound()
      return sendPrepared(request, reply.header('cache-control', 'public, max-age=31536000, immutable'), body)
    },
  )

  app.get('/*', { config: { auth: 'public' }, schema: hidden }, async (request, reply) => {
    const url = request.url
    if (url.startsWith('/api/') || url === '/api' || url.startsWith('/health')) return reply.callNotFound()
    for (const visit of pageVisits) {
      try {
        visit(request, reply)
      } catch (error) {
        request.log.warn({ err: error }, 'a page visit hook failed; the page is sent anyway')
      }
    }
    if (!index) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built yet: run `npm run build`.')
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', PAGE_POLICY)
      .send(index)
  })
}
