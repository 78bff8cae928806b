import { parseArgs } from 'node:util'
import {
  netCommissionByAmbassador,
  type RebuildReport,
  rebuildRankings,
  rebuildStatsFromLedger,
} from '@ambassador/ambassador'
import { createSessionVersions } from '@ambassador/kit/auth/sessions'
import { createMemoryCache } from '@ambassador/kit/cache/memory'
import { systemClock } from '@ambassador/kit/clock/clock'
import { type Config, ConfigError, loadConfig, type ServiceName } from '@ambassador/kit/config/config'
import { type Database, openDatabase } from '@ambassador/kit/db/database'
import { migrateSchema } from '@ambassador/kit/db/migrate'
import { listDeadLetters, requeueDeadLetters } from '@ambassador/kit/events/dead-letters'
import { createOutbox } from '@ambassador/kit/events/outbox'
import { isUuid } from '@ambassador/kit/ids/ids'
import { createLeaderboard } from '@ambassador/kit/leaderboard/leaderboard'
import { createLogger, type Logger } from '@ambassador/kit/log/log'
import type { Service, ServiceContext } from '@ambassador/kit/service'
import { type EarningsChange, ensureAdmin, replaceEarnings } from '@ambassador/users'
import { type Databases, openDatabases } from './runtime.ts'
import { allServices } from './services.ts'

type Options = { email?: string; password?: string; service?: string; id?: string[]; check?: boolean }
type Env = { config: Config; log: Logger; databases: Databases; options: Options }

/** One operator command: how it is written, what it does, what it needs, and the work itself. */
type Command = {
  usage: string
  summary: string
  /** What is wrong with the options given, before any database is opened. */
  refuse?(options: Options): string | undefined
  /** Runs the command; returns the exit code. */
  run(env: Env): Promise<number>
}

const COMMANDS: Record<string, Command> = {
  'create-admin': {
    usage: 'create-admin --email <email> --password <password>',
    summary: 'create an admin account (run it while the server is stopped)',
    refuse: (options) => (options.email && options.password ? undefined : 'create-admin needs --email and --password'),
    async run(env) {
      const { email = '', password = '' } = env.options
      return withServiceDatabase(env, allServices.users, async (db) => {
        // The user.registered event waits in the outbox; the server's relay announces it to the others at start.
        const { created } = await ensureAdmin(kitContext(env, 'users', db), { email, password })
        console.log(created ? `Created admin ${email.toLowerCase()}` : `Admin ${email.toLowerCase()} already exists`)
        return 0
      })
    },
  },
  migrate: {
    usage: 'migrate',
    summary: "apply every service's database migrations",
    async run(env) {
      for (const service of Object.values(allServices)) {
        await withServiceDatabase(env, service, async () => 0)
        console.log(`migrated ${service.name}`)
      }
      return 0
    },
  },
  'rebuild-rankings': {
    usage: 'rebuild-rankings',
    summary: 'rebuild the rankings leaderboard (Redis) from the orders data',
    async run(env) {
      if (!env.config.redisUrl) {
        console.log('Rankings live in memory without REDIS_URL and are rebuilt at every start: nothing to do.')
        return 0
      }
      const leaderboard = await createLeaderboard(env.config, env.log, 'ambassador-revenue')
      try {
        return await withServiceDatabase(env, allServices.ambassador, async (db) => {
          const ctx = { ...kitContext(env, 'ambassador', db), leaderboard }
          console.log(`Rebuilt the rankings of ${await rebuildRankings(ctx)} ambassadors with sales`)
          return 0
        })
      } finally {
        await leaderboard.close()
      }
    },
  },
  'rebuild-projections': {
    usage: 'rebuild-projections [--check]',
    summary:
      "rebuild link stats, rankings and ambassadors' revenue from the commission ledger (--check: only report, exit 1 if they differ)",
    async run(env) {
      const check = env.options.check === true
      const leaderboard = await createLeaderboard(env.config, env.log, 'ambassador-revenue')
      try {
        const { report, net } = await withServiceDatabase(env, allServices.ambassador, async (db) => {
          const ctx = { ...kitContext(env, 'ambassador', db), leaderboard }
          return { report: await rebuildStatsFromLedger(ctx, { check }), net: await netCommissionByAmbassador(ctx) }
        })
        printRebuild(report, check)
        // Revenue lives in users: it takes the ledger's totals through its own function, never its tables from here.
        const earnings = await withServiceDatabase(env, allServices.users, (db) =>
          replaceEarnings(kitContext(env, 'users', db), net, { check }),
        )
        printEarnings(earnings, check)
        return check && (report.changed.length > 0 || earnings.length > 0) ? 1 : 0
      } finally {
        await leaderboard.close()
      }
    },
  },
  'dead-letters': {
    usage: 'dead-letters [--service <name>]',
    summary: 'list the events consumers gave up on',
    refuse: unknownService,
    async run(env) {
      let total = 0
      for (const service of chosenServices(env.options)) {
        await withServiceDatabase(env, service, async (db) => {
          for (const letter of await listDeadLetters(db, service.tables)) {
            total++
            console.log(
              `${letter.id}  ${service.name}  ${letter.type}  event ${letter.eventId}  ${letter.createdAt}  ` +
                `after ${letter.attempts} attempts: ${letter.error}`,
            )
          }
          return 0
        })
      }
      console.log(total === 0 ? 'No dead letters.' : `${total} dead letter(s).`)
      return 0
    },
  },
  'replay-dead-letters': {
    usage: 'replay-dead-letters [--service <name>] [--id <id>]',
    summary: "send parked events through again (all, one service's, or one)",
    refuse: (options) => {
      const badId = options.id?.find((id) => !isUuid(id))
      if (badId !== undefined) return `"${badId}" is not a dead letter id (a uuid, as \`dead-letters\` lists them)`
      return unknownService(options)
    },
    async run(env) {
      let total = 0
      for (const service of chosenServices(env.options)) {
        total += await withServiceDatabase(env, service, async (db) => {
          const requeued = await requeueDeadLetters(db, service.name, service.tables, env.options.id)
          if (requeued > 0) console.log(`${service.name}: ${requeued} event(s) sent through again`)
          return requeued
        })
      }
      console.log(
        total === 0
          ? 'Nothing to replay.'
          : 'They go out with the next relay pass (now if the server runs, else at its next start).',
      )
      return 0
    },
  },
}

const HELP = `Usage: npm run cli -- <command> [options]

Commands:
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage.padEnd(53)}${c.summary}`)
  .join('\n')}
  ${'help'.padEnd(53)}show this help

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
      check: { type: 'boolean' },
    },
  })
  const name = positionals[0] ?? 'help'
  if (name === 'help' || name === '--help') {
    console.log(HELP)
    return 0
  }
  const command = COMMANDS[name]
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${HELP}`)
    return 2
  }
  const refused = command.refuse?.(values)
  if (refused) {
    console.error(refused)
    return 2
  }
  const config = loadConfig()
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel)
  const databases = await openDatabases(config, log, 'The Ambassador CLI')
  try {
    return await command.run({ config, log, databases, options: values })
  } finally {
    await databases.close()
  }
}

/** One line per stats row the rebuild changed (or, checking, would change): link, day or total, before → after. */
function printRebuild(report: RebuildReport, check: boolean) {
  const tally = (t: RebuildReport['changed'][number]['before']) =>
    t ? `${t.orders} order(s), ${t.revenue_minor} minor` : 'none'
  for (const change of report.changed) {
    console.log(`${change.link_id}  ${change.day ?? 'total'}  ${tally(change.before)} -> ${tally(change.after)}`)
  }
  if (report.changed.length === 0)
    console.log(`The stats of ${report.links} link(s) match the ledger: nothing to change.`)
  else if (check) console.log(`${report.changed.length} stats row(s) differ from the ledger (nothing written).`)
  else console.log(`Rebuilt ${report.changed.length} stats row(s) of ${report.links} link(s) and the rankings.`)
}

/** One line per ambassador whose revenue the rebuild changed (or, checking, would change). */
function printEarnings(changes: EarningsChange[], check: boolean) {
  for (const change of changes) {
    console.log(`${change.user_id}  revenue  ${change.before_minor} minor -> ${change.after_minor} minor`)
  }
  if (changes.length === 0) console.log("Every ambassador's revenue matches the ledger: nothing to change.")
  else if (check) console.log(`${changes.length} ambassador revenue(s) differ from the ledger (nothing written).`)
  else console.log(`Rebuilt the revenue of ${changes.length} ambassador(s).`)
}

function unknownService(options: Options): string | undefined {
  if (options.service === undefined || options.service in allServices) return undefined
  return `Unknown service "${options.service}": one of ${Object.keys(allServices).join(', ')}`
}

function chosenServices(options: Options): Service[] {
  return Object.values(allServices).filter((s) => !options.service || s.name === options.service)
}

/** Opens one service's database (migrated first, as the server would), runs `work` on it, and closes it. */
async function withServiceDatabase<T>(env: Env, service: Service, work: (db: Database) => Promise<T>): Promise<T> {
  const pool = openDatabase(env.databases.urlFor(service.name), 2, () => {})
  try {
    await migrateSchema(pool.pool, service.name, service.migrationsFolder)
    return await work(pool.db)
  } finally {
    await pool.close()
  }
}

/** What a domain function needs, without starting the service: its outbox waits for the server's relay. */
function kitContext(env: Env, service: ServiceName, db: Database): ServiceContext {
  return {
    service,
    db,
    outbox: createOutbox(service, allServices[service].tables, systemClock),
    cache: createMemoryCache(systemClock),
    clock: systemClock,
    log: env.log,
    config: env.config,
    sessions: createSessionVersions(), // the server, when it starts, reads versions afresh
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
