/**
 * Reports how much JavaScript each page of the web app loads (its chunk plus everything it imports), gzipped,
 * from Vite's build manifest — and fails when a page with a budget exceeds it: the checkout page (a shopper opening
 * an ambassador's link) 100 KB, the shop's catalog (its first page) 120 KB.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

type Chunk = { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[]; src?: string }

const dist = fileURLToPath(new URL('../apps/web/dist', import.meta.url))
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>
const BUDGETS = [
  { route: 'checkout', page: 'checkout/checkout-page.tsx', bytes: 100 * 1024 },
  { route: 'shop', page: 'shop/catalog-page.tsx', bytes: 120 * 1024 },
]

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
const kb = (bytes: number) => (bytes / 1024).toFixed(1)
let over = false
for (const budget of BUDGETS) {
  const found = pages.find((p) => p.page === budget.page)
  if (!found) throw new Error(`the ${budget.route} page (${budget.page}) is not a chunk of its own`)
  console.log(`${budget.route} route: ${kb(found.bytes)} KB gzipped (budget ${kb(budget.bytes)} KB)`)
  if (found.bytes > budget.bytes) {
    console.error(`The ${budget.route} route is over its JavaScript budget.`)
    over = true
  }
}
if (over) process.exit(1)
