import { describe, expect, it } from 'vitest'
import { describeValidationFailure } from './validation-messages.ts'

describe('describeValidationFailure', () => {
  it.each([
    [
      { keyword: 'required', instancePath: '', params: { requiredProperties: ['first_name'] } },
      'first_name is required',
    ],
    [
      { keyword: 'required', instancePath: '/products/0', params: { requiredProperties: ['product_id', 'quantity'] } },
      'products.0.product_id, products.0.quantity are required',
    ],
    [{ keyword: 'minLength', instancePath: '/first_name', params: { limit: 1 } }, 'first_name must not be empty'],
    [
      { keyword: 'minLength', instancePath: '/password', params: { limit: 8 } },
      'password must be at least 8 characters',
    ],
    [{ keyword: 'maxLength', instancePath: '/title', params: { limit: 200 } }, 'title must be at most 200 characters'],
    [{ keyword: 'minItems', instancePath: '/products', params: { limit: 1 } }, 'products must not be empty'],
    [{ keyword: 'minimum', instancePath: '/days', params: { limit: 1 } }, 'days must be at least 1'],
    [{ keyword: 'maximum', instancePath: '/days', params: { limit: 365 } }, 'days must be at most 365'],
    [{ keyword: 'type', instancePath: '/page', params: { type: 'integer' } }, 'page must be a whole number'],
    [{ keyword: 'format', instancePath: '/email', params: { format: 'email' } }, 'email must be a valid email address'],
    [{ keyword: 'type', instancePath: '', params: { type: 'object' } }, 'the request body must be an object'],
  ])('describes %j as "%s"', (failure, expected) => {
    expect(describeValidationFailure(failure, 'body')).toBe(expected)
  })

  it("keeps the validator's own words for what it has no phrasing of, naming the field", () => {
    const nul = { keyword: 'format', instancePath: '/title', params: {}, message: 'must not contain a NUL character' }
    expect(describeValidationFailure(nul, 'body')).toBe('title must not contain a NUL character')
    expect(
      describeValidationFailure({ keyword: 'pattern', instancePath: '', message: 'must match' }, 'querystring'),
    ).toBe('the request query must match')
  })
})
