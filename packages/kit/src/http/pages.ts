/** One page of a list as the API answers it (`?page=&per_page=`). */
export type Page<T> = { data: T[]; total: number; page: number; last_page: number }

export const DEFAULT_PER_PAGE = 20

/** The rows to skip for a page, counted from 1. */
export const pageOffset = (page: number, perPage: number) => (page - 1) * perPage

/** A page of `data` out of `total` items; an empty list still has one (empty) page. */
export function pageOf<T>(data: T[], total: number, page: number, perPage: number): Page<T> {
  return { data, total, page, last_page: Math.max(1, Math.ceil(total / perPage)) }
}
