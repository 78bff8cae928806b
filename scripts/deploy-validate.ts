import { readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/**
 * `npm run deploy:validate`: checks the deploy kit without a container engine. Each module of
 * scripts/deploy-validate/ checks one part (the Kubernetes overlays, compose.yaml, the Dockerfile, the CI workflow)
 * and answers the problems it found; any problem fails the run. `npm run deploy:validate -- k8s` runs one module.
 */
export type DeployCheck = {
  /** What it checks, as the report names it. */
  name: string
  /** The problems found, each a sentence naming the file and object; none when all is well. */
  check(): Promise<string[]>
}

const dir = fileURLToPath(new URL('./deploy-validate/', import.meta.url))
const only = process.argv.slice(2)
const modules = readdirSync(dir)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.startsWith('_'))
  .filter((file) => only.length === 0 || only.includes(path.basename(file, '.ts')))
  .sort()

let failed = 0
for (const file of modules) {
  const { default: check } = (await import(pathToFileURL(path.join(dir, file)).href)) as { default: DeployCheck }
  const problems = await check.check().catch((error: unknown) => [`could not run: ${String(error)}`])
  if (problems.length === 0) {
    console.log(`ok    ${check.name}`)
    continue
  }
  failed++
  console.log(`FAIL  ${check.name}`)
  for (const problem of problems) console.log(`      - ${problem}`)
}
if (modules.length === 0) {
  console.log('no checks found')
  process.exitCode = 1
} else if (failed > 0) {
  console.log(`${failed} of ${modules.length} checks failed`)
  process.exitCode = 1
}
