import type { Payout, PayoutBatch, PayoutBatchPage, PayoutPage, PayoutTransferResult } from '@ambassador/contracts/http'
import { useState } from 'react'
import { api } from '../api.ts'
import { formatCents, toCents } from '../checkout/order.ts'
import { formatMoment } from '../dates.ts'
import { METHOD_NAMES, payoutDestination } from '../payout-words.ts'
import { LoadError } from '../shell.tsx'
import { useToast } from '../toast.tsx'
import { useApi } from '../use-api.ts'
import './payouts.css'

const money = (amount: number, currency: string) => formatCents(toCents(amount), currency)

/**
 * The payout queue: requests waiting, approved together as a batch of one method, then paid — by a CSV uploaded at
 * PayPal or Wise and marked paid here, or by Stripe Connect transfers sent from here.
 */
export function PayoutsPage() {
  const queue = useApi<PayoutPage>('/api/admin/payouts?status=requested&per_page=200')
  const batches = useApi<PayoutBatchPage>('/api/admin/payouts/batches?per_page=20')
  const reload = () => {
    queue.reload()
    batches.reload()
  }
  return (
    <section aria-labelledby="payouts-title">
      <h1 id="payouts-title">Payouts</h1>
      <PayoutQueue queue={queue} onChange={reload} />
      <h2>Batches</h2>
      {batches.loaded.state === 'loading' ? (
        <div className="skeleton" style={{ height: '6rem' }} aria-busy="true" />
      ) : batches.loaded.state === 'failed' ? (
        <LoadError message="We could not load the batches." retry={batches.reload} />
      ) : batches.loaded.data.data.length === 0 ? (
        <p className="card muted">No batches yet. Approve requested payouts above to make one.</p>
      ) : (
        batches.loaded.data.data.map((batch) => <BatchCard key={batch.id} batch={batch} onChange={reload} />)
      )}
    </section>
  )
}

function PayoutQueue({ queue, onChange }: { queue: ReturnType<typeof useApi<PayoutPage>>; onChange(): void }) {
  const notify = useToast()
  const [selected, setSelected] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  if (queue.loaded.state === 'loading') return <div className="skeleton" style={{ height: '6rem' }} aria-busy="true" />
  if (queue.loaded.state === 'failed')
    return <LoadError message="We could not load the payout queue." retry={queue.reload} />
  const requests = queue.loaded.data.data
  const picked = requests.filter((p) => selected.includes(p.id))
  const toggle = (id: string, on: boolean) => setSelected((s) => (on ? [...s, id] : s.filter((other) => other !== id)))

  async function approve() {
    setBusy(true)
    try {
      const batch = await api<PayoutBatch>('POST', '/api/admin/payouts/batches', { payout_ids: selected })
      notify(`Batch of ${batch.count} approved: ${money(batch.total, batch.currency)}`)
      setSelected([])
      onChange()
    } catch (e) {
      notify(e instanceof Error ? e.message : 'We could not approve the batch.', 'error')
    }
    setBusy(false)
  }

  async function sendBack(payout: Payout) {
    const reason = window.prompt(
      `Why is the payout of ${money(payout.amount, payout.currency)} to ${payout.ambassador_name} returned? The ambassador sees it.`,
    )
    if (reason === null) return
    try {
      await api<Payout>('POST', `/api/admin/payouts/${payout.id}/return`, { reason })
      notify('Payout returned to the ambassador’s balance')
      setSelected((s) => s.filter((id) => id !== payout.id))
      onChange()
    } catch (e) {
      notify(e instanceof Error ? e.message : 'We could not return the payout.', 'error')
    }
  }

  return (
    <section className="card" aria-labelledby="queue-title">
      <h2 id="queue-title">Requested</h2>
      {requests.length === 0 ? (
        <p className="muted">No payout is waiting.</p>
      ) : (
        <>
          <p className="muted">Oldest first. A batch is paid one way: select payouts of one method.</p>
          <div className="table-wrap">
            <table className="stack-table payout-queue">
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">Select</span>
                  </th>
                  <th scope="col">Ambassador</th>
                  <th scope="col">To</th>
                  <th scope="col">Requested</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {requests.map((payout) => (
                  <tr key={payout.id}>
                    <td>
                      <input
                        type="checkbox"
                        className="payout-pick"
                        aria-label={`Select ${money(payout.amount, payout.currency)} for ${payout.ambassador_name}`}
                        checked={selected.includes(payout.id)}
                        onChange={(e) => toggle(payout.id, e.target.checked)}
                      />
                    </td>
                    <td data-label="Ambassador">{payout.ambassador_name}</td>
                    <td data-label="To" className="payout-to">
                      {payoutDestination(payout)}
                    </td>
                    <td data-label="Requested">
                      <time dateTime={payout.requested_at}>{formatMoment(payout.requested_at)}</time>
                    </td>
                    <td data-label="Amount" className="num">
                      {money(payout.amount, payout.currency)}
                    </td>
                    <td>
                      <button type="button" className="button secondary small-button" onClick={() => sendBack(payout)}>
                        Return
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="button" className="button" disabled={picked.length === 0 || busy} onClick={approve}>
            {picked.length === 0
              ? 'Select payouts to approve'
              : `Approve ${picked.length} as a batch (${money(
                  picked.reduce((sum, p) => sum + toCents(p.amount), 0) / 100,
                  picked[0]?.currency ?? 'USD',
                )})`}
          </button>
        </>
      )}
    </section>
  )
}

function BatchCard({ batch, onChange }: { batch: PayoutBatch; onChange(): void }) {
  const notify = useToast()
  const [reference, setReference] = useState('')
  const [busy, setBusy] = useState(false)
  const titleId = `batch-${batch.id}`
  const label = `${METHOD_NAMES[batch.method]} batch of ${formatMoment(batch.created_at)}`

  async function markPaid() {
    if (
      !window.confirm(
        `Mark the ${METHOD_NAMES[batch.method]} batch of ${money(batch.total, batch.currency)} paid? Each ambassador is told.`,
      )
    )
      return
    setBusy(true)
    try {
      await api<PayoutBatch>(
        'POST',
        `/api/admin/payouts/batches/${batch.id}/paid`,
        reference.trim() ? { reference: reference.trim() } : {},
      )
      notify('Batch marked paid')
      onChange()
    } catch (e) {
      notify(e instanceof Error ? e.message : 'We could not mark the batch paid.', 'error')
    }
    setBusy(false)
  }

  async function sendTransfers() {
    if (
      !window.confirm(
        `Send ${money(batch.total, batch.currency)} by Stripe transfers to ${batch.count} connected accounts?`,
      )
    )
      return
    setBusy(true)
    try {
      const result = await api<PayoutTransferResult>('POST', `/api/admin/payouts/batches/${batch.id}/transfers`)
      if (result.failures.length === 0) notify('Transfers sent')
      else
        notify(
          `${result.failures.length} transfer(s) refused: ${result.failures.map((f) => f.message).join('; ')}`,
          'error',
        )
      onChange()
    } catch (e) {
      notify(e instanceof Error ? e.message : 'We could not send the transfers.', 'error')
    }
    setBusy(false)
  }

  return (
    <section className="card payout-batch" aria-labelledby={titleId}>
      <h3 id={titleId}>{label}</h3>
      <p>
        {batch.count} payout{batch.count === 1 ? '' : 's'}, {money(batch.total, batch.currency)} —{' '}
        <strong className={`batch-status ${batch.status}`}>
          {batch.status === 'paid' && batch.paid_at ? `Paid ${formatMoment(batch.paid_at)}` : 'Approved, not paid yet'}
        </strong>
      </p>
      <ul className="batch-lines">
        {batch.payouts.map((payout) => (
          <li key={payout.id}>
            {payout.ambassador_name}: {money(payout.amount, payout.currency)} to {payout.destination}
            {payout.status === 'returned'
              ? ` — returned: ${payout.reason ?? ''}`
              : payout.status === 'paid'
                ? ' — paid'
                : ''}
          </li>
        ))}
      </ul>
      {batch.status === 'approved' && batch.count > 0 && (
        <div className="batch-actions">
          {batch.method === 'stripe_connect' ? (
            <button type="button" className="button" disabled={busy} onClick={sendTransfers}>
              Send Stripe transfers
            </button>
          ) : (
            <>
              <a className="button secondary" href={`/api/admin/payouts/batches/${batch.id}/export`} download>
                Download {METHOD_NAMES[batch.method]} CSV
              </a>
              <div className="field">
                <label htmlFor={`${titleId}-reference`}>{METHOD_NAMES[batch.method]} reference (optional)</label>
                <input
                  id={`${titleId}-reference`}
                  value={reference}
                  maxLength={200}
                  onChange={(e) => setReference(e.target.value)}
                  autoComplete="off"
                />
              </div>
              <button type="button" className="button" disabled={busy} onClick={markPaid}>
                Mark batch paid
              </button>
            </>
          )}
        </div>
      )}
    </section>
  )
}
