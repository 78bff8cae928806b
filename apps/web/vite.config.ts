import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/**
 * Writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy of every script, style sheet and SVG next to
 * it, so the server sends assets compressed without compressing them per request.
 */
function precompress(): Plugin {
  return {
    name: 'ambassador-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist'
      const files = Object.keys(bundle).filter((file) => /\.(js|css|svg|html)$/.test(file))
      await Promise.all(
        files.map(async (file) => {
          const bytes = await readFile(path.join(dir, file))
          if (bytes.length < 1024) return
          const br = await brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
          const gz = await gzipAsync(bytes, { level: 9 })
          await writeFile(path.join(dir, `${file}.br`), br)
          await writeFile(path.join(dir, `${file}.gz`), gz)
        }),
      )
    },
  }
}

export default defineConfig({
  plugins: [react(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022', manifest: true },
  server: { proxy: { '/api': 'http://localhost:8000', '/demo': 'http://localhost:8000' } },
})
