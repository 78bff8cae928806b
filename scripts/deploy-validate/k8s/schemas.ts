import { readFile } from 'node:fs/promises'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { unknownFieldProblems } from './known-fields.ts'
import { idOf, type K8sObject } from './objects.ts'

type Model = { validate(): void }
type ModelClass = new (data: unknown) => Model

const builtIn = new Map<string, ModelClass | undefined>()
const custom = new Map<string, ValidateFunction | undefined>()
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false })

/**
 * What is wrong with one object by its kind's schema: the built-in kinds by kubernetes-models (types, required fields,
 * enums, formats of the Kubernetes API) and its type declarations (unknown fields: known-fields.ts), the operators' resources by the schema of
 * their CRD (crd-schemas/, with unknown fields refused as `kubectl apply` refuses them). A kind known to neither is a
 * problem too: nothing may go unchecked.
 */
export async function schemaProblems(object: K8sObject): Promise<string[]> {
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string')
    return [`an object without apiVersion or kind: ${JSON.stringify(object).slice(0, 120)}`]
  const Model = await builtInModel(object.apiVersion, object.kind)
  if (Model) {
    try {
      new Model(asTheApiServerReadsIt(object)).validate()
      return unknownFieldProblems(object)
    } catch (error) {
      return [`${idOf(object)}: ${error instanceof Error ? error.message : String(error)}`]
    }
  }
  const validate = await customSchema(object.apiVersion, object.kind)
  if (!validate) return [`${idOf(object)}: ${object.apiVersion} ${object.kind} is no kind we have a schema for`]
  if (validate(object)) return []
  return (validate.errors ?? []).map((error) => `${idOf(object)}: ${describe(error)}`)
}

/**
 * A Secret's data as the API server decodes it: Go's base64 skips line breaks, which kustomize puts into long values
 * (kubernetes-models' base64 pattern would not).
 */
function asTheApiServerReadsIt(object: K8sObject): K8sObject {
  if (object.kind !== 'Secret' || !object.data) return object
  const data = Object.fromEntries(
    Object.entries(object.data).map(([key, value]) => [key, value.replace(/[\r\n]/g, '')]),
  )
  return { ...object, data }
}

/** kubernetes-models/<group>/<version>/<Kind> (the core group is just `v1`). */
async function builtInModel(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const key = `${apiVersion}/${kind}`
  if (!builtIn.has(key)) {
    const module = (await import(/* @vite-ignore */ `kubernetes-models/${key}`).catch(() => undefined)) as
      | Record<string, ModelClass>
      | undefined
    builtIn.set(key, module?.[kind])
  }
  return builtIn.get(key)
}

async function customSchema(apiVersion: string, kind: string): Promise<ValidateFunction | undefined> {
  const [group, version] = apiVersion.split('/')
  if (!group || !version) return undefined
  const file = new URL(`../crd-schemas/${group}_${kind}_${version}.json`, import.meta.url)
  if (!custom.has(file.href)) {
    const text = await readFile(file, 'utf8').catch(() => undefined)
    custom.set(file.href, text === undefined ? undefined : ajv.compile(refusingUnknownFields(JSON.parse(text))))
  }
  return custom.get(file.href)
}

type Schema = {
  type?: string
  properties?: Record<string, Schema>
  items?: Schema
  additionalProperties?: Schema | boolean
  'x-kubernetes-preserve-unknown-fields'?: boolean
}

/**
 * A CRD schema as the API server applies it under strict field validation: an object with declared properties takes
 * no others, unless the schema keeps unknown fields (`x-kubernetes-preserve-unknown-fields`) or is a map.
 */
function refusingUnknownFields(schema: Schema): Schema {
  if (
    schema.type === 'object' &&
    schema.properties &&
    schema.additionalProperties === undefined &&
    !schema['x-kubernetes-preserve-unknown-fields']
  )
    schema.additionalProperties = false
  for (const property of Object.values(schema.properties ?? {})) refusingUnknownFields(property)
  if (schema.items) refusingUnknownFields(schema.items)
  if (typeof schema.additionalProperties === 'object') refusingUnknownFields(schema.additionalProperties)
  return schema
}

function describe(error: ErrorObject): string {
  const at = error.instancePath || '/'
  if (error.keyword === 'additionalProperties')
    return `${at} has a field the schema does not know: ${String(error.params.additionalProperty)}`
  return `${at} ${error.message ?? error.keyword}${error.keyword === 'enum' ? ` (${(error.params.allowedValues as unknown[]).join(', ')})` : ''}`
}
