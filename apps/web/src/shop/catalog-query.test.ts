import { describe, expect, it } from 'vitest'
import {
  type CatalogFilters,
  catalogHref,
  changeFilters,
  isFiltered,
  NO_FILTERS,
  parsePrice,
  productsApiPath,
  readCatalogFilters,
  shownSort,
} from './catalog-query.ts'

const everything: CatalogFilters = {
  q: 'trail mug',
  category: 'kitchen',
  minPrice: 5,
  maxPrice: 19.99,
  inStock: true,
  sort: 'price_asc',
  page: 3,
}

describe('the catalog address', () => {
  it('is plain /shop without filters', () => {
    expect(catalogHref(NO_FILTERS)).toBe('/shop')
    expect(readCatalogFilters('')).toEqual(NO_FILTERS)
  })

  it('reads back every filter it wrote', () => {
    const href = catalogHref(everything)
    expect(href).toBe(
      '/shop?q=trail+mug&category=kitchen&min_price=5&max_price=19.99&in_stock=true&sort=price_asc&page=3',
    )
    expect(readCatalogFilters(href.split('?')[1] ?? '')).toEqual(everything)
  })

  it('asks the API for the same filters, a page of 24 at a time', () => {
    expect(productsApiPath(NO_FILTERS)).toBe('/api/store/products?per_page=24')
    expect(productsApiPath({ ...NO_FILTERS, category: 'a&b', page: 2 })).toBe(
      '/api/store/products?category=a%26b&page=2&per_page=24',
    )
  })

  it.each([
    ['page=0', { page: 1 }],
    ['page=2.5', { page: 1 }],
    ['page=abc', { page: 1 }],
    ['sort=cheapest', { sort: undefined }],
    ['sort=relevance', { sort: undefined }],
    ['min_price=-3&max_price=lots', { minPrice: undefined, maxPrice: undefined }],
    ['min_price=2000000', { minPrice: undefined }],
    ['in_stock=yes', { inStock: false }],
    ['q=%20%20', { q: '' }],
  ])('leaves out what is malformed in %s', (search, expected) => {
    expect(readCatalogFilters(search)).toMatchObject(expected)
  })

  it('keeps "best match" only while searching for words', () => {
    expect(readCatalogFilters('q=mug&sort=relevance').sort).toBe('relevance')
    expect(changeFilters({ ...everything, sort: 'relevance' }, { q: '' }).sort).toBeUndefined()
  })
})

describe('changing the filters', () => {
  it('goes back to the first page', () => {
    expect(changeFilters(everything, { inStock: false })).toMatchObject({ inStock: false, page: 1 })
  })

  it('puts a price range typed backwards the right way round', () => {
    expect(changeFilters(NO_FILTERS, { minPrice: 50, maxPrice: 10 })).toMatchObject({ minPrice: 10, maxPrice: 50 })
  })

  it('knows when something narrows the list', () => {
    expect(isFiltered(NO_FILTERS)).toBe(false)
    expect(isFiltered({ ...NO_FILTERS, sort: 'price_desc', page: 4 })).toBe(false)
    expect(isFiltered({ ...NO_FILTERS, maxPrice: 0 })).toBe(true)
  })

  it('shows the API default sort when none was chosen', () => {
    expect(shownSort(NO_FILTERS)).toBe('newest')
    expect(shownSort({ ...NO_FILTERS, q: 'mug' })).toBe('relevance')
  })
})

describe('a typed price', () => {
  it.each([
    ['12', 12],
    [' 12.5 ', 12.5],
    ['12,50', 12.5],
    ['0', 0],
  ])('reads %j as %d', (text, price) => {
    expect(parsePrice(text)).toBe(price)
  })

  it.each(['', 'abc', '-1', '1.234', '1e3'])('is nothing for %j', (text) => {
    expect(parsePrice(text)).toBeUndefined()
  })
})
