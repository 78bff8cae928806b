import { EVENT_SCHEMAS, type EventType } from '@ambassador/contracts/events'
import type { Consumers, ServiceContext } from '@ambassador/kit/service'
import { recordEvent } from './recording.ts'

/** Every event type there is, so a new one is kept and counted from the day it is added to the contract. */
const EVERY_TYPE = Object.keys(EVENT_SCHEMAS) as EventType[]

export const consumers: Consumers<ServiceContext> = Object.fromEntries(EVERY_TYPE.map((type) => [type, recordEvent]))
