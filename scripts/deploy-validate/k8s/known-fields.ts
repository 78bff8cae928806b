import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { idOf, type K8sObject } from './objects.ts'

/** The fields of one API type, each with the declaration file of its own type (none for a string, number, …). */
type Shape = { name: string; fields: Map<string, { type?: string; map: boolean }> }

const modelsRoot = fileURLToPath(new URL('../../../node_modules/kubernetes-models/', import.meta.url))
const shapes = new Map<string, Shape | undefined>()

/**
 * Fields the Kubernetes API does not know, which `kubectl apply` refuses (strict field validation) but the schemas of
 * kubernetes-models let through: read from the models' type declarations, one interface per API type, each field
 * naming the declaration of its own type. A misspelt `readinesProbe` or `enableServiceLink` is found here.
 */
export function unknownFieldProblems(object: K8sObject): string[] {
  const root = path.join(modelsRoot, object.apiVersion, `${object.kind}.d.ts`)
  if (!existsSync(root)) return []
  const problems: string[] = []
  walk(object, root, '', problems)
  return problems.map((problem) => `${idOf(object)}: ${problem}`)
}

function walk(value: unknown, file: string, at: string, problems: string[]) {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      walk(item, file, `${at}[${index}]`, problems)
    })
    return
  }
  if (value === null || typeof value !== 'object') return
  const shape = shapeOf(file)
  if (!shape) return
  for (const [key, inner] of Object.entries(value)) {
    const field = shape.fields.get(key)
    if (!field) {
      problems.push(`${at}/${key} is no field of ${shape.name}`)
      continue
    }
    if (!field.type) continue
    if (field.map && inner && typeof inner === 'object')
      for (const [name, item] of Object.entries(inner)) walk(item, field.type, `${at}/${key}/${name}`, problems)
    else walk(inner, field.type, `${at}/${key}`, problems)
  }
}

/** The first interface a declaration file exports, or undefined for a type alias (IntOrString, Quantity). */
function shapeOf(file: string): Shape | undefined {
  if (shapes.has(file)) return shapes.get(file)
  const text = readFileSync(file, 'utf8').replace(/\/\*\*[\s\S]*?\*\//g, '')
  const imports = new Map(
    [...text.matchAll(/^import \{ (\w+) \} from "([^"]+)";$/gm)].map(([, name = '', from = '']) => [
      name,
      declarationOf(from, file),
    ]),
  )
  const match = /^export interface (I\w+)(?: extends [\w, ]+)? \{\n([\s\S]*?)\n\}/m.exec(text)
  let shape: Shape | undefined
  if (match) {
    shape = { name: (match[1] ?? '').slice(1), fields: new Map() }
    const lines = (match[2] ?? '').split('\n')
    lines.forEach((line, index) => {
      const field = /^ {4}"([^"]+)"\??: (.*)$/.exec(line)
      if (!field) return
      const [, name = '', typeText = ''] = field
      // An inline `{ [key: string]: T }`: a map, its values of type T.
      const map = typeText === '{'
      const typeLine = map ? (lines[index + 1] ?? '') : typeText
      const type = [...typeLine.matchAll(/\bI\w+/g)].map(([identifier]) => imports.get(identifier)).find(Boolean)
      shape?.fields.set(name, { type, map })
    })
  }
  shapes.set(file, shape)
  return shape
}

/** `./Probe.js` beside the file, or `@kubernetes-models/apimachinery/…` in the nearest node_modules. */
function declarationOf(specifier: string, from: string): string | undefined {
  if (specifier.startsWith('.')) return path.resolve(path.dirname(from), specifier.replace(/\.js$/, '.d.ts'))
  for (let dir = path.dirname(from); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', `${specifier}.d.ts`)
    if (existsSync(candidate)) return candidate
  }
  return undefined
}
