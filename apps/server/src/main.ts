import { ConfigError, loadConfig } from '@ambassador/kit/config/config'
import { createLogger } from '@ambassador/kit/log/log'
import { type Platform, startPlatform } from '@ambassador/kit/platform'
import { startTracing } from '@ambassador/kit/tracing/start'
import { openDatabases, refuseUnsupportedSubset } from './runtime.ts'
import { seedDemoStore } from './seed.ts'
import { allServices } from './services.ts'
import { pageRoutes } from './web-app.ts'

/** The Ambassador server: config → databases → services → listen → graceful shutdown. */
async function main() {
  const config = loadConfigOrExit()
  const log = createLogger(config.logLevel)
  refuseUnsupportedSubset(config)
  // Only when OTEL_EXPORTER_OTLP_ENDPOINT is set; named for the service when a process runs one.
  const stopTracing = await startTracing(
    config,
    config.services.length === 1 ? `ambassador-${config.services[0]}` : 'ambassador',
  )

  const databases = await openDatabases(config, log, 'The Ambassador server')
  let platform: Platform | undefined
  try {
    platform = await startPlatform({
      config,
      log,
      services: config.services.map((name) => allServices[name]),
      databaseUrlFor: databases.urlFor,
      routes: pageRoutes,
    })
    const demo = databases.fresh && databases.embedded && config.demo ? await seedDemoStore(platform) : undefined
    await platform.app.listen({ port: config.port, host: config.host })
    process.stdout.write(
      `\nAmbassador is running on ${config.publicUrl} (${databases.embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'external PostgreSQL'})\n` +
        `API docs: ${config.publicUrl}/api/docs\n${demo ? `${demo}\n` : ''}\n`,
    )
  } catch (error) {
    await platform?.close().catch(() => {})
    await databases.close().catch(() => {})
    throw error
  }

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down')
    const force = setTimeout(() => {
      log.error('shutdown took longer than 20 s; exiting')
      process.exit(1)
    }, 20_000)
    force.unref()
    try {
      await platform?.close()
      await databases.close()
      await stopTracing?.().catch((error) => log.warn({ err: error }, 'flushing the last spans failed'))
      log.info('stopped cleanly')
      process.exit(0)
    } catch (error) {
      log.error({ err: error }, 'shutdown failed')
      process.exit(1)
    }
  }
  process.once('SIGTERM', () => void stop('SIGTERM'))
  process.once('SIGINT', () => void stop('SIGINT'))
}

function loadConfigOrExit() {
  try {
    return loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(2)
    }
    throw error
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Ambassador failed to start: ${error instanceof Error ? error.message : String(error)}\n`)
  if (error instanceof Error && error.cause) process.stderr.write(`  cause: ${String(error.cause)}\n`)
  process.exit(1)
})
