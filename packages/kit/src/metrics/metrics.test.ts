import { afterEach, describe, expect, it } from 'vitest'
import { cacheLookups, type MetricsSource, metricsSources, metricsText } from './metrics.ts'

const sources: MetricsSource[] = []
afterEach(() => {
  for (const source of sources.splice(0)) metricsSources.services.delete(source)
})

/** A service with `unpublished` rows waiting, whose backlog answers after each of `delaysMs` in turn (then the last). */
function service(name: string, unpublished: number, delaysMs: number[]): MetricsSource {
  let calls = 0
  const source: MetricsSource = {
    service: name,
    backlog: () => {
      const delayMs = delaysMs[Math.min(calls++, delaysMs.length - 1)]
      const backlog = { outbox_unpublished: unpublished, outbox_oldest_seconds: 1, dead_letters: 0 }
      return new Promise((resolve) => setTimeout(() => resolve(backlog), delayMs))
    },
  }
  sources.push(source)
  metricsSources.services.add(source)
  return source
}

describe('GET /metrics text', () => {
  it("reports every service's backlog to two scrapes that overlap", async () => {
    service('quick', 3, [0, 100]) // at once for the first scrape, late for the second
    service('slow', 5, [60])
    const first = metricsText()
    await new Promise((resolve) => setTimeout(resolve, 20)) // the first has read `quick`, and waits for `slow`
    const second = metricsText()
    for (const text of await Promise.all([first, second])) {
      expect(text).toContain('events_outbox_unpublished{service="quick"} 3')
      expect(text).toContain('events_outbox_unpublished{service="slow"} 5')
    }
  })

  it('counts cache lookups by result', async () => {
    const before = { ...cacheLookups }
    cacheLookups.hit += 2
    cacheLookups.miss += 1
    const text = await metricsText()
    expect(text).toContain(`cache_lookups_total{result="hit"} ${before.hit + 2}`)
    expect(text).toContain(`cache_lookups_total{result="miss"} ${before.miss + 1}`)
  })
})
