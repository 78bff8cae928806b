import { parseArgs } from 'node:util'
import { createMemoryCache } from '@ambassador/kit/cache/memory'
import { systemClock } from '@ambassador/kit/clock/clock'
import { ConfigError, loadConfig } from '@ambassador/kit/config/config'
import { openDatabase } from '@ambassador/kit/db/database'
import { migrateSchema } from '@ambassador/kit/db/migrate'
import { createOutbox } from '@ambassador/kit/events/outbox'
import { createLogger } from '@ambassador/kit/log/log'
import { ensureAdmin } from '@ambassador/users'
import { openDatabases } from './runtime.ts'
import { allServices } from './services.ts'

const HELP = `Usage: npm run cli -- <command> [options]

Commands:
  create-admin --email <email> --password <password>   create an admin account (run it while the server is stopped)
  migrate                                              apply every service's database migrations
  help                                                 show this help

The CLI reads the same environment as the server (DATA_DIR, DATABASE_URL, …).`

/** Operator commands that work on the same data as the server, without starting it. */
async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { email: { type: 'string' }, password: { type: 'string' } },
  })
  const command = positionals[0] ?? 'help'
  if (command === 'help' || command === '--help') {
    console.log(HELP)
    return 0
  }
  if (command !== 'create-admin' && command !== 'migrate') {
    console.error(`Unknown command "${command}".\n\n${HELP}`)
    return 2
  }
  if (command === 'create-admin' && (!values.email || !values.password)) {
    console.error('create-admin needs --email and --password')
    return 2
  }

  const config = loadConfig()
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel)
  const databases = await openDatabases(config, log, 'The Ambassador CLI')
  try {
    if (command === 'migrate') {
      for (const service of Object.values(allServices)) {
        const pool = openDatabase(databases.urlFor(service.name), 2, () => {})
        await migrateSchema(pool.pool, service.name, service.migrationsFolder).finally(() => pool.close())
        console.log(`migrated ${service.name}`)
      }
      return 0
    }
    const users = allServices.users
    const pool = openDatabase(databases.urlFor('users'), 2, () => {})
    try {
      await migrateSchema(pool.pool, users.name, users.migrationsFolder)
      // The user.registered event waits in the outbox; the server's relay announces it to the others at start.
      const ctx = {
        service: users.name,
        db: pool.db,
        outbox: createOutbox(users.name, users.tables, systemClock),
        cache: createMemoryCache(systemClock),
        clock: systemClock,
        log,
        config,
      }
      const { created } = await ensureAdmin(ctx, { email: values.email ?? '', password: values.password ?? '' })
      console.log(
        created
          ? `Created admin ${values.email?.toLowerCase()}`
          : `Admin ${values.email?.toLowerCase()} already exists`,
      )
      return 0
    } finally {
      await pool.close()
    }
  } finally {
    await databases.close()
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message)
    else console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
