import { parseArgs } from 'node:util'
import { rebuildRankings } from '@ambassador/ambassador'
import { createSessionVersions } from '@ambassador/kit/auth/sessions'
import { createMemoryCache } from '@ambassador/kit/cache/memory'
import { systemClock } from '@ambassador/kit/clock/clock'
import { ConfigError, loadConfig, type ServiceName } from '@ambassador/kit/config/config'
import { type Database, openDatabase } from '@ambassador/kit/db/database'
import { migrateSchema } from '@ambassador/kit/db/migrate'
import { listDeadLetters, requeueDeadLetters } from '@ambassador/kit/events/dead-letters'
import { createOutbox } from '@ambassador/kit/events/outbox'
import { isUuid } from '@ambassador/kit/ids/ids'
import { createLeaderboard } from '@ambassador/kit/leaderboard/leaderboard'
import { createLogger } from '@ambassador/kit/log/log'
import type { ServiceContext } from '@ambassador/kit/service'
import { ensureAdmin } from '@ambassador/users'
import { openDatabases } from './runtime.ts'
import { allServices } from './services.ts'

const HELP = `Usage: npm run cli -- <command> [options]

Commands:
  create-admin --email <email> --password <password>   create an admin account (run it while the server is stopped)
  migrate                                              apply every service's database migrations
  rebuild-rankings                                     rebuild the rankings leaderboard (Redis) from the orders data
  dead-letters [--service <name>]                      list the events consumers gave up on
  replay-dead-letters [--service <name>] [--id <id>]   send parked events through again (all, one service's, or one)
  help                                                 show this help

The CLI reads the same environment as the server (DATA_DIR, DATABASE_URL, …).`

/** Operator commands that work on the same data as the server, without starting it. */
async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      service: { type: 'string' },
      id: { type: 'string', multiple: true },
    },
  })
  const command = positionals[0] ?? 'help'
  if (command === 'help' || command === '--help') {
    console.log(HELP)
    return 0
  }
  const commands = ['create-admin', 'migrate', 'rebuild-rankings', 'dead-letters', 'replay-dead-letters']
  if (!commands.includes(command)) {
    console.error(`Unknown command "${command}".\n\n${HELP}`)
    return 2
  }
  if (command === 'create-admin' && (!values.email || !values.password)) {
    console.error('create-admin needs --email and --password')
    return 2
  }

  if (values.service !== undefined && !(values.service in allServices)) {
    console.error(`Unknown service "${values.service}": one of ${Object.keys(allServices).join(', ')}`)
    return 2
  }
  const badId = values.id?.find((id) => !isUuid(id))
  if (badId !== undefined) {
    console.error(`"${badId}" is not a dead letter id (a uuid, as \`dead-letters\` lists them)`)
    return 2
  }

  const config = loadConfig()
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel)
  /** What a domain function needs, without starting the service: its outbox waits for the server's relay. */
  const kitContext = (service: ServiceName, db: Database): ServiceContext => ({
    service,
    db,
    outbox: createOutbox(service, allServices[service].tables, systemClock),
    cache: createMemoryCache(systemClock),
    clock: systemClock,
    log,
    config,
    sessions: createSessionVersions(), // the server, when it starts, reads versions afresh
  })
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
    if (command === 'dead-letters' || command === 'replay-dead-letters') {
      const services = Object.values(allServices).filter((s) => !values.service || s.name === values.service)
      let total = 0
      for (const service of services) {
        const pool = openDatabase(databases.urlFor(service.name), 2, () => {})
        try {
          await migrateSchema(pool.pool, service.name, service.migrationsFolder)
          if (command === 'dead-letters') {
            for (const letter of await listDeadLetters(pool.db, service.tables)) {
              total++
              console.log(
                `${letter.id}  ${service.name}  ${letter.type}  event ${letter.eventId}  ${letter.createdAt}  ` +
                  `after ${letter.attempts} attempts: ${letter.error}`,
              )
            }
          } else {
            const requeued = await requeueDeadLetters(pool.db, service.name, service.tables, values.id)
            if (requeued > 0) console.log(`${service.name}: ${requeued} event(s) sent through again`)
            total += requeued
          }
        } finally {
          await pool.close()
        }
      }
      if (command === 'dead-letters') console.log(total === 0 ? 'No dead letters.' : `${total} dead letter(s).`)
      else
        console.log(
          total === 0
            ? 'Nothing to replay.'
            : 'They go out with the next relay pass (now if the server runs, else at its next start).',
        )
      return 0
    }
    if (command === 'rebuild-rankings') {
      if (!config.redisUrl) {
        console.log('Rankings live in memory without REDIS_URL and are rebuilt at every start: nothing to do.')
        return 0
      }
      const service = allServices.ambassador
      const pool = openDatabase(databases.urlFor(service.name), 2, () => {})
      const leaderboard = await createLeaderboard(config, log, 'ambassador-revenue')
      try {
        await migrateSchema(pool.pool, service.name, service.migrationsFolder)
        const ctx = { ...kitContext(service.name, pool.db), leaderboard }
        console.log(`Rebuilt the rankings of ${await rebuildRankings(ctx)} ambassadors with sales`)
        return 0
      } finally {
        await leaderboard.close()
        await pool.close()
      }
    }
    const users = allServices.users
    const pool = openDatabase(databases.urlFor('users'), 2, () => {})
    try {
      await migrateSchema(pool.pool, users.name, users.migrationsFolder)
      // The user.registered event waits in the outbox; the server's relay announces it to the others at start.
      const ctx = kitContext(users.name, pool.db)
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
