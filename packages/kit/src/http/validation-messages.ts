/** One schema validation failure as the validator reports it (TypeBox's error shape). */
export type ValidationFailure = {
  keyword?: string
  instancePath?: string
  params?: Record<string, unknown>
  message?: string
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
}

/**
 * A validation failure in words a person filling a form can act on — "password must be at least 8 characters",
 * "email must be a valid email address" — naming the field as the API does, without the validator's
 * "body/…" path syntax. `part` (body, querystring, params) names what was wrong when no field is at fault.
 */
export function describeValidationFailure(failure: ValidationFailure, part: string): string {
  const path = (failure.instancePath ?? '').split('/').filter(Boolean).join('.')
  const field = path || `the request ${part === 'querystring' ? 'query' : part}`
  const params = failure.params ?? {}
  const limit = params.limit
  switch (failure.keyword) {
    case 'required': {
      const missing = Array.isArray(params.requiredProperties) ? params.requiredProperties.map(String) : []
      const names = missing.map((name) => (path ? `${path}.${name}` : name))
      if (names.length > 0) return `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} required`
      break
    }
    case 'minLength':
      return limit === 1 ? `${field} must not be empty` : `${field} must be at least ${limit} characters`
    case 'maxLength':
      return `${field} must be at most ${limit} characters`
    case 'minItems':
      return limit === 1 ? `${field} must not be empty` : `${field} must have at least ${limit} items`
    case 'maxItems':
      return `${field} must have at most ${limit} items`
    case 'minimum':
      return `${field} must be at least ${limit}`
    case 'maximum':
      return `${field} must be at most ${limit}`
    case 'exclusiveMinimum':
      return `${field} must be more than ${limit}`
    case 'exclusiveMaximum':
      return `${field} must be less than ${limit}`
    case 'type': {
      const type = TYPE_NAMES[String(params.type)]
      if (type) return `${field} must be ${type}`
      break
    }
    case 'format':
      if (params.format === 'email') return `${field} must be a valid email address`
      if (typeof params.format === 'string') return `${field} must be a valid ${params.format}`
      break
    case 'additionalProperties':
      return `${field} has a field it does not accept`
  }
  return `${field} ${failure.message ?? 'is not valid'}`
}
