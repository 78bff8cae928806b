import { badRequest } from '../errors/errors.ts'

/** The trimmed text of a required field; only spaces counts as missing. */
export function requireText(value: string, field: string): string {
  const text = value.trim()
  if (text.length === 0) throw badRequest(`${field} must not be blank`)
  return text
}

/** Text made safe to place in HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}
