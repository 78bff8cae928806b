import { type FormEvent, useEffect, useRef, useState } from 'react'
import { api } from '../api.ts'
import { FormError } from '../forms.tsx'
import { LoadError } from '../shell.tsx'
import { useToast } from '../toast.tsx'
import { useApi } from '../use-api.ts'
import { DeliveryLog } from './delivery-log.tsx'

type Room = {
  id: string
  kind: 'discord' | 'slack' | 'sms'
  name: string
  /** The webhook URL's host and last characters; null for SMS. */
  url_hint: string | null
  /** An SMS channel's phones, all but the last 3 digits hidden. */
  phones: string[]
  topics: string[]
  enabled: boolean
  disabled_reason: string | null
}

const TOPICS: { id: string; label: string }[] = [
  { id: 'new_order', label: 'New order' },
  { id: 'refund', label: 'Refund' },
  { id: 'new_ambassador', label: 'New ambassador' },
  { id: 'payout_requested', label: 'Payout requested' },
  { id: 'wallet_deposit', label: 'Store credit deposited' },
  { id: 'dead_letter_parked', label: 'Dead letter parked' },
]
const KIND_NAMES = { discord: 'Discord', slack: 'Slack', sms: 'SMS' } as const
const topicLabel = (id: string) => TOPICS.find((topic) => topic.id === id)?.label ?? id

/** Discord and Slack rooms, and admins' phones by SMS, told about the store (new orders, refunds…), on the webhooks page. */
export function ChatChannels() {
  const { loaded, reload } = useApi<Room[]>('/api/notifications/channels')
  const [adding, setAdding] = useState(false)
  const [open, setOpen] = useState<string>()
  const notify = useToast()

  async function change(room: Room, enabled: boolean) {
    try {
      await api('PATCH', `/api/notifications/channels/${room.id}`, { enabled })
      notify(enabled ? `${room.name} is on` : `${room.name} is off`)
    } catch (e) {
      notify(e instanceof Error ? e.message : 'We could not change the channel.', 'error')
    }
    reload()
  }

  async function remove(room: Room) {
    if (!window.confirm(`Stop posting to ${room.name} and forget it?`)) return
    try {
      await api('DELETE', `/api/notifications/channels/${room.id}`)
      notify(`Removed ${room.name}`)
    } catch (e) {
      notify(e instanceof Error ? e.message : 'We could not remove the channel.', 'error')
    }
    reload()
  }

  return (
    <section aria-labelledby="chat-title" className="chat-channels">
      <div className="heading-row wrap">
        <h2 id="chat-title">Discord, Slack and text messages</h2>
        {!adding && (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            Add chat channel
          </button>
        )}
      </div>
      <p className="muted">
        Messages about the store go to these rooms through their incoming webhooks, or as short texts to phones. Names
        are shown, never email addresses.
      </p>
      {adding && (
        <RoomForm
          onDone={(room) => {
            setAdding(false)
            notify(`Connected ${room.name}`)
            reload()
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {loaded.state === 'loading' && <div className="skeleton" style={{ height: '5rem' }} aria-busy="true" />}
      {loaded.state === 'failed' && <LoadError message={loaded.error.message} retry={reload} />}
      {loaded.state === 'ready' &&
        (loaded.data.length === 0 ? (
          <p className="card muted">No chat channels yet.</p>
        ) : (
          loaded.data.map((room) => (
            <article key={room.id} className="card" aria-label={room.name}>
              <h3 className="endpoint-url">
                {room.name} <span className="muted">({KIND_NAMES[room.kind]})</span>
              </h3>
              <p>
                <span className={`status status-${room.enabled ? 'sent' : 'failed'}`}>
                  {room.enabled ? 'On' : 'Off'}
                </span>{' '}
                {room.disabled_reason && <span className="muted">{room.disabled_reason}</span>}
              </p>
              <p className="muted endpoint-events">
                {room.topics.map(topicLabel).join(', ')} · {room.url_hint ?? room.phones.join(', ')}
              </p>
              <div className="form-actions">
                <button
                  type="button"
                  className="button secondary small-button"
                  aria-expanded={open === room.id}
                  onClick={() => setOpen(open === room.id ? undefined : room.id)}
                >
                  Deliveries
                </button>
                <button
                  type="button"
                  className="button secondary small-button"
                  onClick={() => change(room, !room.enabled)}
                >
                  {room.enabled ? 'Turn off' : 'Turn on'}
                </button>
                <button type="button" className="button secondary small-button" onClick={() => remove(room)}>
                  Remove
                </button>
              </div>
              {open === room.id && (
                <DeliveryLog
                  path={`/api/notifications/channels/${room.id}/deliveries`}
                  caption={`Messages to ${room.name}`}
                  empty="Nothing was sent to this channel yet."
                  showRecipient={room.kind === 'sms'}
                />
              )}
            </article>
          ))
        ))}
    </section>
  )
}

function RoomForm(props: { onDone(room: Room): void; onCancel(): void }) {
  const [kind, setKind] = useState<Room['kind']>('slack')
  const [name, setName] = useState('')
  const [url, setUrl] = useState('')
  const [phones, setPhones] = useState('')
  const [topics, setTopics] = useState<string[]>(['new_order'])
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string>()
  const first = useRef<HTMLSelectElement>(null)
  useEffect(() => first.current?.focus(), [])

  async function save(event: FormEvent) {
    event.preventDefault()
    setSending(true)
    setError(undefined)
    try {
      const where =
        kind === 'sms'
          ? {
              phones: phones
                .split(/[\n,;]+/)
                .map((phone) => phone.trim())
                .filter(Boolean),
            }
          : { url: url.trim() }
      props.onDone(
        await api<Room>('POST', '/api/notifications/channels', { kind, name: name.trim(), ...where, topics }),
      )
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      setSending(false)
    }
  }

  const toggle = (topic: string, on: boolean) =>
    setTopics(on ? [...topics, topic] : topics.filter((other) => other !== topic))
  return (
    <form className="card fields-stack product-form" onSubmit={save} noValidate aria-label="New chat channel">
      <h3>New chat channel</h3>
      <FormError message={error} />
      <div className="field">
        <label htmlFor="room-kind">Service</label>
        <select id="room-kind" ref={first} value={kind} onChange={(e) => setKind(e.target.value as Room['kind'])}>
          <option value="slack">Slack</option>
          <option value="discord">Discord</option>
          <option value="sms">Text message (SMS)</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="room-name">Name</label>
        <input id="room-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="#sales" />
      </div>
      {kind === 'sms' ? (
        <div className="field">
          <label htmlFor="room-phones">Phone numbers</label>
          <textarea
            id="room-phones"
            rows={3}
            inputMode="tel"
            autoComplete="off"
            aria-describedby="room-phones-hint"
            value={phones}
            onChange={(e) => setPhones(e.target.value)}
            placeholder="+15551234567"
          />
          <p id="room-phones-hint" className="muted field-hint">
            One per line, with + and the country code; at most 10.
          </p>
        </div>
      ) : (
        <div className="field">
          <label htmlFor="room-url">Incoming webhook URL</label>
          <input
            id="room-url"
            type="url"
            inputMode="url"
            autoCapitalize="none"
            spellCheck={false}
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://"
          />
        </div>
      )}
      <fieldset className="choices">
        <legend>What to post</legend>
        <div className="choice-grid">
          {TOPICS.map((topic) => (
            <label key={topic.id} htmlFor={`topic-${topic.id}`} className="choice">
              <input
                id={`topic-${topic.id}`}
                type="checkbox"
                checked={topics.includes(topic.id)}
                onChange={(e) => toggle(topic.id, e.target.checked)}
              />
              <span>{topic.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Connecting…' : 'Connect channel'}
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
