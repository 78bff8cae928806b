import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type Config, type Env, loadConfig } from '../config/config.ts'

/** A valid configuration for tests: silent logs (TEST_LOG_LEVEL=debug to see them), a private data dir, no demo data, generous rate limits. */
export function testConfig(env: Env = {}): Config {
  return loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'ambassador-test-data-')),
    DEMO: 'false',
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    CHECKOUT_RATE_LIMIT_PER_MINUTE: '10000',
    DB_POOL_SIZE: '4',
    // With a real Redis, each test file writes under a key prefix of its own.
    ...(process.env.TEST_REDIS_URL
      ? {
          REDIS_URL: process.env.TEST_REDIS_URL,
          REDIS_KEY_PREFIX: `ambassador-test:${randomBytes(4).toString('hex')}:`,
        }
      : {}),
    ...env,
  })
}
