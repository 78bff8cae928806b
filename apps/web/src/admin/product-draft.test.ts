import { describe, expect, it } from 'vitest'
import { draftOf, EMPTY_PRODUCT, imagesOf, priceProblem, productBody, slugProblem } from './product-draft.ts'

describe('the product form', () => {
  it('accepts prices the API accepts and explains the others', () => {
    expect(priceProblem('19.99')).toBeUndefined()
    expect(priceProblem(' 5 ')).toBeUndefined()
    expect(priceProblem('')).toBe('Enter a price')
    expect(priceProblem('19.999')).toMatch(/at most 2 decimals/)
    expect(priceProblem('-1')).toMatch(/like 19.99/)
  })

  it('takes an empty slug (the server makes one) or a lowercase hyphenated one', () => {
    expect(slugProblem('')).toBeUndefined()
    expect(slugProblem('blue-mug-2')).toBeUndefined()
    expect(slugProblem('Blue Mug')).toMatch(/lowercase/)
    expect(slugProblem('blue--mug')).toMatch(/single hyphens/)
    expect(slugProblem('-mug')).toBeDefined()
    expect(slugProblem('a'.repeat(101))).toMatch(/100/)
  })

  it('saves the typed image URL after the list, once, without blanks', () => {
    expect(imagesOf({ images: ['a', ' b '], image_url: ' c ' })).toEqual(['a', 'b', 'c'])
    expect(imagesOf({ images: ['a'], image_url: 'a' })).toEqual(['a'])
    expect(imagesOf({ images: [], image_url: '  ' })).toEqual([])
  })

  it('makes the first picture the reference `image`, and leaves an empty slug out', () => {
    const body = productBody({
      ...EMPTY_PRODUCT,
      title: ' Mug ',
      description: ' Enamel ',
      price: ' 12.50 ',
      image_url: 'https://img/mug.webp',
      category_ids: ['c1'],
    })
    expect(body).toEqual({
      title: 'Mug',
      description: 'Enamel',
      price: '12.50',
      image: 'https://img/mug.webp',
      images: ['https://img/mug.webp'],
      category_ids: ['c1'],
      active: true,
    })
    expect(productBody({ ...EMPTY_PRODUCT, slug: ' mug ' }).slug).toBe('mug')
    expect(productBody(EMPTY_PRODUCT).image).toBe('')
  })

  it('starts editing from the product, even one saved before it had pictures, categories or a slug', () => {
    const old = { id: 'p', title: 'Kite', description: 'Red', image: 'https://img/kite.png', price: 15 }
    expect(draftOf(old)).toEqual({
      ...EMPTY_PRODUCT,
      title: 'Kite',
      description: 'Red',
      price: '15',
      images: ['https://img/kite.png'],
    })
    const current = { ...old, slug: 'kite', category_ids: ['c'], images: ['x', 'y'], active: false }
    expect(draftOf(current)).toMatchObject({ slug: 'kite', category_ids: ['c'], images: ['x', 'y'], active: false })
  })
})
