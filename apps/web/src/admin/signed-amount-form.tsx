import { useState } from 'react'
import { api } from '../api.ts'
import { FormError, useSubmit } from '../forms.tsx'
import { useToast } from '../toast.tsx'

/**
 * An admin's credit (a positive amount) or debit (a negative one) with a reason the person sees, confirmed first:
 * the ledger's adjustments and the store credit's deposits both take one.
 */
export function SignedAmountForm(props: {
  path: string
  idPrefix: string
  title: string
  hint?: string
  amountLabel: string
  reasonLabel: string
  placeholder: string
  button: string
  sendingButton: string
  /** The question the admin confirms, for the amount and the trimmed reason. */
  confirmation(amount: number, reason: string): string
  done: string
  onDone(): void
}) {
  const notify = useToast()
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const { sending, error, submit } = useSubmit(async () => {
    const value = Number(amount.trim())
    if (!amount.trim() || !Number.isFinite(value) || value === 0) {
      throw new Error(
        `Give an amount other than 0, such as ${props.placeholder.replace(' or ', ' to credit or ')} to debit.`,
      )
    }
    if (!window.confirm(props.confirmation(value, reason.trim()))) return
    await api('POST', props.path, { amount: value, reason })
    setAmount('')
    setReason('')
    notify(props.done)
    props.onDone()
  })
  const id = (field: string) => `${props.idPrefix}-${field}`
  return (
    <form className="fields-stack" onSubmit={submit} aria-labelledby={id('title')}>
      <h3 id={id('title')}>{props.title}</h3>
      {props.hint && <p className="muted">{props.hint}</p>}
      <div className="field">
        <label htmlFor={id('amount')}>{props.amountLabel}</label>
        <input
          id={id('amount')}
          inputMode="decimal"
          required
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          placeholder={props.placeholder}
          autoComplete="off"
        />
      </div>
      <div className="field">
        <label htmlFor={id('reason')}>{props.reasonLabel}</label>
        <input
          id={id('reason')}
          required
          minLength={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          autoComplete="off"
        />
      </div>
      <FormError message={error} />
      <button type="submit" className="button" disabled={sending}>
        {sending ? props.sendingButton : props.button}
      </button>
    </form>
  )
}
