import { Writable } from 'node:stream'
import type { FastifyRequest } from 'fastify'
import { beforeAll, describe, expect, it } from 'vitest'
import { enterRequestScope } from '../tracing/request-scope.ts'
import { turnTracingOn } from '../tracing/tracing.ts'
import { createLogger, markRequestLogger } from './log.ts'

function capturedLogger() {
  const lines: Record<string, unknown>[] = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)))
      done()
    },
  })
  return { log: createLogger('info', sink), lines }
}

const request = { id: 'req-0001', method: 'GET', url: '/api/x', headers: {} } as unknown as FastifyRequest

describe('log lines with tracing off', () => {
  it('get nothing from the mixin: no request scope exists then, and a line is not worth a lookup', async () => {
    const { log, lines } = capturedLogger()
    enterRequestScope(request, () => log.child({ service: 'checkout' }).info('order placed'))
    expect(lines).toEqual([{ level: 30, time: expect.any(String), service: 'checkout', msg: 'order placed' }])
  })

  it('keep the fields a line is written with, line after line (pino merges them into what the mixin returns)', () => {
    const { log, lines } = capturedLogger()
    log.info({ pid: 41 }, 'started')
    log.warn({ port: 8080 }, 'listening')
    expect(lines).toEqual([
      expect.objectContaining({ pid: 41, msg: 'started' }),
      { level: 40, time: expect.any(String), port: 8080, msg: 'listening' },
    ])
  })
})

describe('log lines with tracing on', () => {
  beforeAll(() => turnTracingOn())

  it('carry the id of the request they were written for, by any logger, and none outside a request', async () => {
    const { log, lines } = capturedLogger()
    const service = log.child({ service: 'checkout' })
    log.info('at start')
    await new Promise<void>((resolve) =>
      enterRequestScope(request, () => {
        // Later in the request's work, after awaiting something: the scope follows.
        void Promise.resolve().then(() => {
          service.info('order placed')
          resolve()
        })
      }),
    )
    expect(lines).toEqual([
      expect.not.objectContaining({ reqId: expect.anything() }),
      expect.objectContaining({ msg: 'order placed', service: 'checkout', reqId: 'req-0001' }),
    ])
  })

  it('name the request once when the logger is the request’s own (its id is already bound)', async () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const requestLog = markRequestLogger(createLogger('info', sink).child({ reqId: 'req-0001' }))
    enterRequestScope(request, () => requestLog.info('request'))
    expect(lines).toHaveLength(1)
    expect(lines[0]?.match(/"reqId"/g)).toHaveLength(1)
  })
})
