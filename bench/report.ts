import type { LoadResult, Sample } from './load.ts'
import type { Target } from './scenarios.ts'

export type ReadRow = {
  scenario: string
  result: LoadResult
  sample: Sample
  ceiling: LoadResult
  target: Target
}

export type MetricRow = { metric: string; value: string; target: string; pass: boolean | undefined }

const num = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

/** Whether a read scenario met its target (undefined when it has none). */
export function passed(row: ReadRow): boolean | undefined {
  const { ratio, p99Ms } = row.target
  if (ratio === undefined && p99Ms === undefined) return undefined
  const share = row.ceiling.rps > 0 ? row.result.rps / row.ceiling.rps : 0
  return (
    row.result.errors === 0 &&
    (ratio === undefined || share >= ratio) &&
    (p99Ms === undefined || row.result.p99 < p99Ms)
  )
}

function targetText(target: Target) {
  const parts = []
  if (target.ratio !== undefined) parts.push(`≥ ${target.ratio * 100}%`)
  if (target.p99Ms !== undefined) parts.push(`p99 < ${target.p99Ms} ms`)
  return parts.join(', ') || '—'
}

function verdict(pass: boolean | undefined) {
  return pass === undefined ? '—' : pass ? 'pass' : 'FAIL'
}

/** A Markdown table (it reads well in a terminal and pastes into a note as is). */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}

export function readTable(rows: ReadRow[]): string {
  return table(
    [
      'scenario',
      'req/s',
      'p50 ms',
      'p99 ms',
      'errors',
      'body bytes',
      'encoding',
      'ceiling req/s',
      'of ceiling',
      'target',
      'result',
    ],
    rows.map((row) => [
      row.scenario,
      num(row.result.rps),
      num(row.result.p50, 1),
      num(row.result.p99, 1),
      num(row.result.errors),
      num(row.sample.bytes),
      row.sample.encoding,
      num(row.ceiling.rps),
      row.ceiling.rps > 0 ? `${num((row.result.rps / row.ceiling.rps) * 100)}%` : '—',
      targetText(row.target),
      verdict(passed(row)),
    ]),
  )
}

export function metricTable(rows: MetricRow[]): string {
  return table(
    ['measure', 'value', 'target', 'result'],
    rows.map((r) => [r.metric, r.value, r.target, verdict(r.pass)]),
  )
}
