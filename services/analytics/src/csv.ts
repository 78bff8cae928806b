/** A cell of a CSV report. */
export type CsvValue = string | number | boolean | null | undefined

/**
 * A CSV document (RFC 4180): a header row, then one line per row, CRLF line ends, and a field quoted (its quotes
 * doubled) when it holds a comma, a quote or a line break. Text a spreadsheet would run as a formula (=, +, -, @,
 * tab, CR at its start) gets a leading apostrophe; numbers are written as they are.
 */
export function toCsv(columns: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return `${[columns, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`
}

function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value !== 'string') return String(value)
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}
