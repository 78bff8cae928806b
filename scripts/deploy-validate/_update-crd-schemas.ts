import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

/**
 * Refreshes crd-schemas/ from the operators' CustomResourceDefinition files (the YAML each operator installs):
 * `node --import tsx scripts/deploy-validate/_update-crd-schemas.ts <crd.yaml>…`. Keeps each served version's
 * openAPIV3Schema without its descriptions (most of the bytes), as crd-schemas/<group>_<kind>_<version>.json.
 * Record where each file came from in crd-schemas/README.md.
 */
type Crd = {
  spec: {
    group: string
    names: { kind: string }
    versions: { name: string; served: boolean; schema: { openAPIV3Schema: unknown } }[]
  }
}

const out = fileURLToPath(new URL('./crd-schemas/', import.meta.url))

function withoutDescriptions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDescriptions)
  if (node === null || typeof node !== 'object') return node
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== 'description')
      .map(([key, value]) => [key, withoutDescriptions(value)]),
  )
}

for (const file of process.argv.slice(2)) {
  const crd = parse(readFileSync(file, 'utf8')) as Crd
  for (const version of crd.spec.versions.filter((v) => v.served)) {
    const name = `${crd.spec.group}_${crd.spec.names.kind}_${version.name}.json`
    writeFileSync(path.join(out, name), `${JSON.stringify(withoutDescriptions(version.schema.openAPIV3Schema))}\n`)
    process.stdout.write(`wrote ${name}\n`)
  }
}
