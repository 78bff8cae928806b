import type { HttpApp } from '@ambassador/kit/http/server'
import { Type } from 'typebox'

const PALETTE = ['#6366f1', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#14b8a6', '#f97316']

/** Product pictures for the demo store, drawn here so the demo needs nothing from the internet. */
export function demoImageRoutes(app: HttpApp) {
  app.get(
    '/demo/products/:file',
    {
      config: { auth: 'public' },
      schema: { hide: true, params: Type.Object({ file: Type.String({ pattern: '^[a-z0-9-]{1,80}\\.svg$' }) }) },
    },
    async (request, reply) => {
      const slug = request.params.file.replace(/\.svg$/, '')
      const words = slug.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      const color = PALETTE[[...slug].reduce((sum, ch) => sum + ch.charCodeAt(0), 0) % PALETTE.length]
      const lines = [words.slice(0, 2).join(' '), words.slice(2).join(' ')].filter(Boolean)
      const text = lines
        .map((line, i) => `<text x="300" y="${210 + i * 44}" text-anchor="middle">${line}</text>`)
        .join('')
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="400" viewBox="0 0 600 400"><rect width="600" height="400" fill="${color}"/><g font-family="system-ui,sans-serif" font-size="38" font-weight="600" fill="#fff">${text}</g></svg>`
      return reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(svg)
    },
  )
}
