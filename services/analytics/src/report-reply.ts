import type { FastifyReply, FastifyRequest } from 'fastify'
import { type CsvValue, toCsv } from './csv.ts'

/** Whether the caller asked for CSV: `?format=csv`, or an `Accept` header naming text/csv (unless `?format=json`). */
export function wantsCsv(request: FastifyRequest, format: 'json' | 'csv' | undefined): boolean {
  if (format !== undefined) return format === 'csv'
  return /\btext\/csv\b/i.test(request.headers.accept ?? '')
}

/** Sends a report as a CSV download named `<name>.csv`. */
export function sendCsv(
  reply: FastifyReply,
  name: string,
  columns: readonly string[],
  rows: readonly (readonly CsvValue[])[],
) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(toCsv(columns, rows))
}

/** The values of `columns` from each row, in order. */
export function pick<R extends object>(rows: readonly R[], columns: readonly string[]): CsvValue[][] {
  return rows.map((row) => columns.map((column) => (row as Record<string, CsvValue>)[column]))
}
