import { Link, Route, Switch, useRoute } from 'wouter'
import { formatMoment } from '../dates.ts'
import { LoadError, Shell, SignedIn } from '../shell.tsx'
import { useApi } from '../use-api.ts'
import './mailbox.css'

type Summary = { id: string; from: string; to: string; subject: string; received_at: string }
type Message = Summary & { text: string; html: string }

/**
 * The local mailbox (embedded mode): every message the platform "sent", readable as its recipient would see it.
 * Admins only; anyone else is sent to the admin sign-in and back here.
 */
export default function MailboxArea() {
  return (
    <SignedIn area="admin" signIn="~/admin/login?next=/mailbox">
      {() => (
        <Shell
          area="admin"
          tabs={[
            { href: '~/admin', label: 'Admin panel' },
            { href: '/', label: 'Mailbox', section: true },
          ]}
        >
          <Mailbox />
        </Shell>
      )}
    </SignedIn>
  )
}

function Mailbox() {
  const { loaded, reload } = useApi<Summary[]>('/api/admin/mailbox')
  const [, params] = useRoute('/:id')
  const openId = params?.id
  if (loaded.state === 'loading') return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (loaded.state === 'failed') return <LoadError message={loaded.error.message} retry={reload} />
  const messages = loaded.data
  return (
    <section aria-labelledby="mailbox-title">
      <div className="heading-row">
        <h1 id="mailbox-title">Mailbox</h1>
        <button type="button" className="button secondary small-button" onClick={reload}>
          Refresh
        </button>
      </div>
      <p className="muted">
        Every email the store has sent — receipts, sale notices, welcomes — as its recipient reads it. Running on one
        machine, mail is kept here instead of going out.
      </p>
      {messages.length === 0 ? (
        <p className="card muted">
          The mailbox is empty. Mail arrives here when someone registers or an order is paid.
        </p>
      ) : (
        <div className={`mailbox${openId ? ' reading' : ''}`}>
          <ul className="card mailbox-list" aria-label="Messages">
            {messages.map((m) => (
              <li key={m.id}>
                <Link href={`/${m.id}`} className="mailbox-item" aria-current={m.id === openId ? 'true' : undefined}>
                  <span className="mailbox-to">{m.to}</span>
                  <time dateTime={m.received_at} className="muted">
                    {formatMoment(m.received_at)}
                  </time>
                  <span className="mailbox-subject">{m.subject}</span>
                </Link>
              </li>
            ))}
          </ul>
          <Switch>
            <Route path="/:id">{(p) => <MessageView id={p.id} />}</Route>
            <Route>
              <p className="card muted mailbox-hint">Choose a message to read it.</p>
            </Route>
          </Switch>
        </div>
      )}
    </section>
  )
}

function MessageView({ id }: { id: string }) {
  const { loaded, reload } = useApi<Message>(`/api/admin/mailbox/${encodeURIComponent(id)}`)
  if (loaded.state === 'loading') return <div className="card skeleton mailbox-message" aria-busy="true" />
  if (loaded.state === 'failed')
    return loaded.error.status === 404 ? (
      <p className="card muted mailbox-message">This message is no longer in the mailbox.</p>
    ) : (
      <LoadError message={loaded.error.message} retry={reload} />
    )
  const message = loaded.data
  return (
    <article className="card mailbox-message" aria-labelledby="message-subject">
      <Link href="/" className="mailbox-back">
        ← All messages
      </Link>
      <h2 id="message-subject">{message.subject}</h2>
      <dl className="mailbox-headers">
        <dt>From</dt>
        <dd>{message.from}</dd>
        <dt>To</dt>
        <dd>{message.to}</dd>
        <dt>Date</dt>
        <dd>{formatMoment(message.received_at)}</dd>
      </dl>
      {/* A sandbox: the mail's HTML is shown as sent but can run nothing; its links open in a new tab. */}
      <iframe
        title={`Message: ${message.subject}`}
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        srcDoc={linksInNewTab(message.html)}
        className="mailbox-body"
      />
    </article>
  )
}

/** The mail's HTML with its links opening in a new tab (a `<base>` in its head, so its doctype still counts). */
function linksInNewTab(html: string): string {
  const base = '<base target="_blank">'
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => head + base) : base + html
}
