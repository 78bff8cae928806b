import { EVENT_SCHEMAS, KNOWN_VERSIONS } from '@ambassador/contracts/events'
import { Type } from 'typebox'
import { Compile } from 'typebox/compile'

const envelope = Compile(
  Type.Object({
    id: Type.String({ minLength: 1 }),
    type: Type.String(),
    version: Type.Integer(),
    occurredAt: Type.String(),
    key: Type.String(),
    data: Type.Unknown(),
  }),
)
const dataChecks = new Map(Object.entries(EVENT_SCHEMAS).map(([type, schema]) => [type, Compile(schema)]))

/**
 * What is wrong with an event as it arrived (a broker carries whatever was put on it), or undefined when it is an
 * envelope of a known type and version whose data fits that type's schema in the contracts.
 */
export function eventProblem(event: unknown): string | undefined {
  if (!envelope.Check(event)) return `not an event envelope: ${firstError(envelope, event)}`
  const check = dataChecks.get(event.type)
  if (!check) return `unknown event type ${event.type}`
  if (!KNOWN_VERSIONS.includes(event.version))
    return `${event.type} version ${event.version} is not one this code reads`
  if (!check.Check(event.data)) return `${event.type} data does not fit its schema: ${firstError(check, event.data)}`
  return undefined
}

function firstError(
  check: { Errors(value: unknown): Iterable<{ instancePath: string; message: string }> },
  value: unknown,
) {
  for (const error of check.Errors(value)) return `${error.instancePath || '/'} ${error.message}`
  return 'invalid'
}
