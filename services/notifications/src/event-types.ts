import { EVENT_SCHEMAS, type EventType } from '@ambassador/contracts/events'

/**
 * What an endpoint may subscribe to: every event the platform publishes but the one-time sign-in and password reset
 * links (their data holds a live link to someone's account, which must reach only its owner by mail), this
 * service's own news about its endpoints, and the click tallies the ambassador service sends analytics after each
 * batch of clicks it writes (bookkeeping between two services, and frequent: not worth a consumer transaction here).
 */
const PRIVATE_EVENT_TYPES: readonly EventType[] = [
  'user.sign_in_link_requested',
  'user.password_reset_requested',
  'webhook.endpoint_disabled',
  'link.clicks_recorded',
]

export const SUBSCRIBABLE_EVENT_TYPES = (Object.keys(EVENT_SCHEMAS) as EventType[]).filter(
  (type) => !PRIVATE_EVENT_TYPES.includes(type),
)

export type SubscribableEventType = (typeof SUBSCRIBABLE_EVENT_TYPES)[number]

export function isSubscribable(type: string): type is SubscribableEventType {
  return (SUBSCRIBABLE_EVENT_TYPES as readonly string[]).includes(type)
}
