// Bundles the server (our TypeScript: apps, services, packages) into apps/server/dist/main.js for `npm start`,
// so production starts on plain Node without a TypeScript loader: faster, and lighter. Packages from
// node_modules stay imports. Runs in well under a second, so `npm start` bundles afresh every time.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(here, '../..')
// `node apps/server/build.mjs [outdir]`: apps/server/dist by default. It must stay inside the repository, where
// Node finds node_modules for the packages the bundle imports.
const outdir = path.resolve(process.argv[2] ?? path.join(here, 'dist'))

/** Keeps every npm package an import; bundles only our workspaces. */
const npmPackagesStayExternal = {
  name: 'npm-packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@ambassador/') || path.isAbsolute(args.path)
        ? undefined
        : { path: args.path, external: true },
    )
  },
}

/** Each module keeps its own import.meta.url, so paths next to the sources (migrations, the web build) resolve. */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined
      const source = await readFile(args.path, 'utf8')
      const url = JSON.stringify(pathToFileURL(args.path).href)
      return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' }
    })
  },
}

await build({
  // The server, and the operator CLI (`node apps/server/dist/cli.js migrate` in the image, where tsx is not installed).
  entryPoints: [path.join(here, 'src/main.ts'), path.join(here, 'src/cli.ts')],
  outdir,
  entryNames: '[name]',
  // Code loaded only when configured (the Kafka and Redis clients) stays in chunks of its own.
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: repo,
  plugins: [npmPackagesStayExternal, keepModuleUrls],
})
