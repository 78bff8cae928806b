import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { HttpApp } from '@ambassador/kit/http/server'
import type { PageVisit } from '@ambassador/kit/service'
import fastifyStatic from '@fastify/static'
import { Type } from 'typebox'
import { demoImageRoutes } from './demo-images.ts'

/** Where `npm run build` puts the web app. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url))

/**
 * What the server answers besides the API: the web app's pages and assets, and the demo store's pictures. Opening a
 * page also runs what the services in this process do then (`pageVisits`: the ambassador service's referral clicks).
 */
export async function pageRoutes(app: HttpApp, services: { pageVisits: PageVisit[] } = { pageVisits: [] }) {
  demoImageRoutes(app)
  await webAppRoutes(app, WEB_DIST, services.pageVisits)
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
 * Serves the built web app (apps/web/dist): its hashed assets by @fastify/static, cached for a year (the brotli or
 * gzip copy vite.config.ts made at build time when the client takes one, so no request waits for a compressor), and
 * index.html, revalidated on every use, for every page route so the app's router takes over. Each page request
 * first goes through `pageVisits` (none waits; one that fails is logged and the page still goes out).
 */
export async function webAppRoutes(app: HttpApp, distDir: string, pageVisits: PageVisit[] = []) {
  const indexFile = path.join(distDir, 'index.html')
  // Read once and sent from memory: sent from the file (reply.sendFile) a page cost ten times as much.
  const index = existsSync(indexFile) ? readFileSync(indexFile) : undefined
  // Only the sending part of the plugin: its own catch-all route would declare no auth (the server refuses those).
  await app.register(fastifyStatic, {
    root: path.join(distDir, 'assets'),
    serve: false,
    preCompressed: true,
    immutable: true,
    maxAge: ONE_YEAR_MS,
    index: false,
    suppressWarning: true,
  })
  const hidden = { hide: true }

  app.get(
    '/assets/:file',
    {
      config: { auth: 'public' },
      schema: { ...hidden, params: Type.Object({ file: Type.String({ maxLength: 200 }) }) },
    },
    async (request, reply) => {
      const { file } = request.params
      // The compressed copies are forms of their asset, chosen by Accept-Encoding, not files of their own.
      if (!index || file.endsWith('.br') || file.endsWith('.gz')) return reply.callNotFound()
      return reply.sendFile(file)
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

const ONE_YEAR_MS = 365 * 24 * 3600 * 1000
