import { describe, expect, it } from 'vitest'
import { ConfigError, databaseUrlFor, loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('runs embedded with sensible defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/app')
    expect(config).toMatchObject({
      port: 8000,
      dataDir: '/srv/app/.data',
      publicUrl: 'http://localhost:8000',
      checkoutUrl: 'http://localhost:8000',
      databaseUrl: undefined,
      services: ['users', 'admin', 'ambassador', 'checkout', 'email', 'media', 'store'],
      demo: true,
      commissionRateBasisPoints: 1000,
      currency: 'USD',
    })
    expect(config.corsOrigins).toContain('http://localhost:3000')
    expect(config.corsOrigins).toContain('http://localhost:8000')
  })

  it('reports every bad variable at once', () => {
    const env = {
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      COMMISSION_RATE: '150',
      CURRENCY: 'dollars',
      SERVICES: 'users,billing',
      ADMIN_EMAIL: 'a@b.co',
    }
    try {
      loadConfig(env)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      const problems = (error as ConfigError).problems.join('\n')
      for (const name of ['PORT', 'DATABASE_URL', 'COMMISSION_RATE', 'CURRENCY', 'SERVICES', 'ADMIN_PASSWORD']) {
        expect(problems).toContain(name)
      }
    }
  })

  it.each(['*', 'http://localhost:3000,*'])('refuses CORS_ORIGINS=%s: credentials go with every request', (origins) => {
    expect(() => loadConfig({ CORS_ORIGINS: origins })).toThrow(/CORS_ORIGINS/)
  })

  it('turns the demo store off when an admin is configured, unless DEMO says otherwise', () => {
    const admin = { ADMIN_EMAIL: 'Boss@Example.com', ADMIN_PASSWORD: 'long-enough' }
    expect(loadConfig(admin)).toMatchObject({ demo: false, adminEmail: 'boss@example.com' })
    expect(loadConfig({ ...admin, DEMO: 'true' }).demo).toBe(true)
    expect(loadConfig({ DEMO: 'false' }).demo).toBe(false)
  })

  it('gives a service its own database URL when one is set, else the shared one', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://h/shared', CHECKOUT_DATABASE_URL: 'postgres://h/checkout' })
    expect(databaseUrlFor(config, 'checkout')).toBe('postgres://h/checkout')
    expect(databaseUrlFor(config, 'users')).toBe('postgres://h/shared')
  })

  it('reads a fractional commission rate in basis points', () => {
    expect(loadConfig({ COMMISSION_RATE: '12.5' }).commissionRateBasisPoints).toBe(1250)
  })
})
