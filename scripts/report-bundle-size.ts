/**
 * Reports how much JavaScript each page of the web app loads (its chunk plus everything it imports), gzipped,
 * from Vite's build manifest — and fails when the checkout page exceeds its budget of 100 KB.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

type Chunk = { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[]; src?: string }

const dist = fileURLToPath(new URL('../apps/web/dist', import.meta.url))
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>
const CHECKOUT_BUDGET = 100 * 1024

function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen
  seen.add(key)
  for (const next of manifest[key]?.imports ?? []) closure(next, seen)
  return seen
}

const gzipped = (file: string) => gzipSync(readFileSync(path.join(dist, file))).length
const entry = Object.keys(manifest).find((k) => manifest[k]?.isEntry)
if (!entry) throw new Error('no entry chunk in the Vite manifest')
const pages = (manifest[entry]?.dynamicImports ?? []).map((key) => {
  const files = new Set(
    [...closure(entry), ...closure(key)].map((k) => manifest[k]?.file ?? k).filter((f) => f.endsWith('.js')),
  )
  return { page: key.replace(/^src\//, ''), bytes: [...files].reduce((sum, f) => sum + gzipped(f), 0) }
})
for (const { page, bytes } of pages)
  console.log(`${page.padEnd(32)} ${(bytes / 1024).toFixed(1).padStart(7)} KB of JS (gzipped)`)
const checkout = pages.find((p) => p.page === 'checkout/checkout-page.tsx')
if (!checkout) throw new Error('the checkout page is not a chunk of its own')
console.log(`checkout route: ${(checkout.bytes / 1024).toFixed(1)} KB gzipped (budget ${CHECKOUT_BUDGET / 1024} KB)`)
if (checkout.bytes > CHECKOUT_BUDGET) {
  console.error('The checkout route is over its JavaScript budget.')
  process.exit(1)
}
