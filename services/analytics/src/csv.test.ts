import { describe, expect, it } from 'vitest'
import { toCsv } from './csv.ts'

describe('CSV', () => {
  it('writes a header and one CRLF-ended line per row, empty cells for missing values', () => {
    expect(
      toCsv(
        ['day', 'orders', 'note'],
        [
          ['2026-03-01', 3, null],
          ['2026-03-02', 0, undefined],
        ],
      ),
    ).toBe('day,orders,note\r\n2026-03-01,3,\r\n2026-03-02,0,\r\n')
  })

  it('quotes a field holding a comma, a quote or a line break, doubling its quotes', () => {
    expect(toCsv(['name'], [['Lovelace, Ada'], ['The "Engine"'], ['two\nlines'], ['cr\rhere']])).toBe(
      'name\r\n"Lovelace, Ada"\r\n"The ""Engine"""\r\n"two\nlines"\r\n"cr\rhere"\r\n',
    )
  })

  it('keeps text a spreadsheet would run as a formula from running, but writes negative numbers as they are', () => {
    expect(toCsv(['value'], [['=HYPERLINK("x")'], ['+1'], ['@SUM(A1)'], [-12.5]])).toBe(
      'value\r\n"\'=HYPERLINK(""x"")"\r\n\'+1\r\n\'@SUM(A1)\r\n-12.5\r\n',
    )
  })
})
