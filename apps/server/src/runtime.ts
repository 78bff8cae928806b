import { type Config, databaseUrlFor, SERVICE_NAMES, type ServiceName } from '@ambassador/kit/config/config'
import { databaseUrl, startEmbeddedPostgres } from '@ambassador/kit/db/embedded-postgres'
import { ensureDatabase } from '@ambassador/kit/db/migrate'
import type { Logger } from '@ambassador/kit/log/log'
import pg from 'pg'
import { type DataDirLock, lockDataDir } from './data-dir-lock.ts'

export type Databases = {
  /** The PostgreSQL URL for each service. */
  urlFor(service: ServiceName): string
  /** True when this start created the embedded database (a first run). */
  fresh: boolean
  embedded: boolean
  close(): Promise<void>
}

const EMBEDDED_DATABASE = 'ambassador'

/**
 * Where the services' data lives: the PostgreSQL named by DATABASE_URL (or per-service URLs), or else an embedded
 * PostgreSQL in DATA_DIR, started here and stopped on close.
 */
export async function openDatabases(config: Config, log: Logger, holder: string): Promise<Databases> {
  const external = config.services.every((service) => databaseUrlFor(config, service) !== undefined)
  if (external) {
    return {
      urlFor: (service) => databaseUrlFor(config, service) as string,
      fresh: false,
      embedded: false,
      close: async () => {},
    }
  }
  const lock: DataDirLock = await lockDataDir(config.dataDir, holder)
  try {
    const server = await startEmbeddedPostgres(config.dataDir, log)
    const maintenance = new pg.Client({ connectionString: server.url })
    await maintenance.connect()
    let fresh = false
    try {
      const found = await maintenance.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE])
      fresh = found.rowCount === 0
      await ensureDatabase(maintenance, EMBEDDED_DATABASE)
    } finally {
      await maintenance.end()
    }
    const url = databaseUrl(server.url, EMBEDDED_DATABASE)
    return {
      urlFor: (service) => databaseUrlFor(config, service) ?? url,
      fresh,
      embedded: true,
      async close() {
        await server.stop()
        lock.release()
      },
    }
  } catch (error) {
    lock.release()
    throw error
  }
}

/**
 * A subset of services in this process (SERVICES=…) only works when events and data live outside it: a real
 * broker (the in-process bus cannot reach other processes) and a PostgreSQL URL (the embedded server belongs to
 * one process and its DATA_DIR).
 */
export function refuseUnsupportedSubset(config: Config) {
  if (config.services.length === SERVICE_NAMES.length) return
  if (config.eventBroker === 'memory') {
    throw new Error(
      `SERVICES=${config.services.join(',')} runs only some services, but events would travel on the in-process bus, ` +
        'which cannot reach services in other processes. Run all services in one process (unset SERVICES), ' +
        'or set KAFKA_BROKERS or RABBITMQ_URL for a distributed run.',
    )
  }
  const missing = config.services.filter((service) => databaseUrlFor(config, service) === undefined)
  if (missing.length > 0) {
    throw new Error(
      `SERVICES=${config.services.join(',')} needs DATABASE_URL (or ${missing.map((s) => `${s.toUpperCase()}_DATABASE_URL`).join(', ')}): ` +
        'the embedded PostgreSQL belongs to a single all-in-one process.',
    )
  }
}
