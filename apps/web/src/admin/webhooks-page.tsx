import { type FormEvent, useEffect, useRef, useState } from 'react'
import { api } from '../api.ts'
import { FormError } from '../forms.tsx'
import { LoadError } from '../shell.tsx'
import { useToast } from '../toast.tsx'
import { useApi } from '../use-api.ts'
import { ChatChannels } from './chat-channels.tsx'
import { DeliveryLog } from './delivery-log.tsx'
import './catalog.css'
import './webhooks.css'

type Endpoint = {
  id: string
  url: string
  description: string
  event_types: string[]
  enabled: boolean
  disabled_reason: string | null
  created_at: string
}

/** Webhooks: the endpoints events are posted to (their secret shown once), each one's delivery log, and resends. */
export function WebhooksPage() {
  const { loaded, reload } = useApi<Endpoint[]>('/api/notifications/webhooks')
  const [adding, setAdding] = useState(false)
  const [secret, setSecret] = useState<{ url: string; secret: string }>()
  const [open, setOpen] = useState<string>()
  const notify = useToast()
  if (loaded.state === 'loading') return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (loaded.state === 'failed') return <LoadError message={loaded.error.message} retry={reload} />

  async function change(endpoint: Endpoint, enabled: boolean) {
    try {
      await api('PATCH', `/api/notifications/webhooks/${endpoint.id}`, { enabled })
      notify(enabled ? 'The endpoint is on' : 'The endpoint is off')
    } catch (e) {
      notify(e instanceof Error ? e.message : 'We could not change the endpoint.', 'error')
    }
    reload()
  }

  async function remove(endpoint: Endpoint) {
    if (!window.confirm(`Delete the endpoint ${endpoint.url} and its delivery log?`)) return
    try {
      await api('DELETE', `/api/notifications/webhooks/${endpoint.id}`)
      notify('Deleted the endpoint')
    } catch (e) {
      notify(e instanceof Error ? e.message : 'We could not delete the endpoint.', 'error')
    }
    reload()
  }

  return (
    <section aria-labelledby="webhooks-title">
      <div className="heading-row wrap">
        <h1 id="webhooks-title">Webhooks</h1>
        {!adding && (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            Add endpoint
          </button>
        )}
      </div>
      <p className="muted">
        Events are posted as signed JSON to these addresses. Failed deliveries are retried for a day; an endpoint that
        fails all day is turned off and the admins are emailed.
      </p>
      {secret && (
        <div className="card" role="status">
          <h2>Signing secret for {secret.url}</h2>
          <p>Copy it now: it is not shown again.</p>
          <p>
            <code className="secret-value">{secret.secret}</code>
          </p>
          <button type="button" className="button secondary small-button" onClick={() => setSecret(undefined)}>
            I have copied it
          </button>
        </div>
      )}
      {adding && (
        <EndpointForm
          onDone={(created) => {
            setAdding(false)
            setSecret({ url: created.url, secret: created.secret })
            reload()
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {loaded.data.length === 0 ? (
        <p className="card muted">No endpoints yet.</p>
      ) : (
        loaded.data.map((endpoint) => (
          <article key={endpoint.id} className="card" aria-label={endpoint.url}>
            <h2 className="endpoint-url">{endpoint.url}</h2>
            <p>
              <span className={`status status-${endpoint.enabled ? 'sent' : 'failed'}`}>
                {endpoint.enabled ? 'On' : 'Off'}
              </span>{' '}
              {endpoint.disabled_reason && <span className="muted">{endpoint.disabled_reason}</span>}
            </p>
            <p className="muted endpoint-events">{endpoint.event_types.join(', ')}</p>
            <div className="form-actions">
              <button
                type="button"
                className="button secondary small-button"
                aria-expanded={open === endpoint.id}
                onClick={() => setOpen(open === endpoint.id ? undefined : endpoint.id)}
              >
                Deliveries
              </button>
              <button
                type="button"
                className="button secondary small-button"
                onClick={() => change(endpoint, !endpoint.enabled)}
              >
                {endpoint.enabled ? 'Turn off' : 'Turn on'}
              </button>
              <button type="button" className="button secondary small-button" onClick={() => remove(endpoint)}>
                Delete
              </button>
            </div>
            {open === endpoint.id && (
              <DeliveryLog
                path={`/api/notifications/webhooks/${endpoint.id}/deliveries`}
                caption={`Deliveries to ${endpoint.url}`}
                empty="Nothing was sent to this endpoint yet."
                resendable
              />
            )}
          </article>
        ))
      )}
      <ChatChannels />
    </section>
  )
}

function EndpointForm(props: { onDone(created: Endpoint & { secret: string }): void; onCancel(): void }) {
  const types = useApi<string[]>('/api/notifications/event-types')
  const [url, setUrl] = useState('')
  const [selected, setSelected] = useState<string[]>([])
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string>()
  const first = useRef<HTMLInputElement>(null)
  useEffect(() => first.current?.focus(), [])

  async function save(event: FormEvent) {
    event.preventDefault()
    setSending(true)
    setError(undefined)
    try {
      props.onDone(
        await api<Endpoint & { secret: string }>('POST', '/api/notifications/webhooks', {
          url: url.trim(),
          event_types: selected,
        }),
      )
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      setSending(false)
    }
  }

  const toggle = (type: string, on: boolean) =>
    setSelected(on ? [...selected, type] : selected.filter((other) => other !== type))
  return (
    <form className="card fields-stack product-form" onSubmit={save} noValidate aria-label="New endpoint">
      <h2>New endpoint</h2>
      <FormError message={error} />
      <div className="field">
        <label htmlFor="endpoint-url">Endpoint URL</label>
        <input
          id="endpoint-url"
          ref={first}
          type="url"
          inputMode="url"
          autoCapitalize="none"
          spellCheck={false}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://"
        />
      </div>
      <fieldset className="choices">
        <legend>Events to send</legend>
        {types.loaded.state === 'loading' && <div className="skeleton" style={{ height: '2.5rem' }} aria-busy="true" />}
        {types.loaded.state === 'failed' && <LoadError message={types.loaded.error.message} retry={types.reload} />}
        {types.loaded.state === 'ready' && (
          <div className="choice-grid">
            {types.loaded.data.map((type) => {
              const id = `event-${type.replace(/\W/g, '-')}`
              return (
                <label key={type} htmlFor={id} className="choice">
                  <input
                    id={id}
                    type="checkbox"
                    checked={selected.includes(type)}
                    onChange={(e) => toggle(type, e.target.checked)}
                  />
                  <span>{type}</span>
                </label>
              )
            })}
          </div>
        )}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Saving…' : 'Save endpoint'}
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
