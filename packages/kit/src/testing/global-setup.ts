import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Admin } from '@platformatic/kafka'
import { Redis } from 'ioredis'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts'
import { createLogger } from '../log/log.ts'
import { externalServices, requireConfiguredServices } from './external.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string
  }
}

/**
 * One PostgreSQL server for the whole run: the machine's when TEST_DATABASE_URL is set (and then it must be
 * reachable: a missing server fails the run, it never skips), otherwise an embedded one in a temp dir.
 * Each test file creates its own database on it.
 */
export default async function setup(project: TestProject) {
  requireConfiguredServices()
  await expectReachable()
  const external = process.env.TEST_DATABASE_URL
  if (external) {
    const client = new pg.Client({ connectionString: external })
    try {
      await client.connect()
      await client.query('SELECT 1')
    } catch (error) {
      throw new Error(`TEST_DATABASE_URL is set but PostgreSQL is not reachable there: ${(error as Error).message}`)
    } finally {
      await client.end().catch(() => {})
    }
    project.provide('postgresUrl', external)
    return
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ambassador-test-pg-'))
  const server = await startEmbeddedPostgres(dir, createLogger('warn'))
  project.provide('postgresUrl', server.url)
  return async () => {
    await server.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

/** A configured Kafka or Redis that does not answer fails the whole run at once, rather than test by test. */
async function expectReachable() {
  if (externalServices.redisUrl) {
    const redis = new Redis(externalServices.redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    })
    try {
      await redis.connect()
      await redis.ping()
    } catch (error) {
      throw new Error(`TEST_REDIS_URL is set but Redis is not reachable there: ${(error as Error).message}`)
    } finally {
      redis.disconnect()
    }
  }
  if (externalServices.kafkaBrokers.length > 0) {
    const admin = new Admin({
      clientId: 'ambassador-test-setup',
      bootstrapBrokers: externalServices.kafkaBrokers,
      timeout: 5_000,
      retries: 1,
    })
    try {
      await admin.listTopics()
    } catch (error) {
      throw new Error(`TEST_KAFKA_BROKERS is set but Kafka is not reachable there: ${(error as Error).message}`)
    } finally {
      await admin.close().catch(() => {})
    }
  }
}
