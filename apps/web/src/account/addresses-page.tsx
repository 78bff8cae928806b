import { type FormEvent, useEffect, useRef, useState } from 'react'
import { Link } from 'wouter'
import { api } from '../api.ts'
import { CUSTOMER_AUTOCOMPLETE, fieldLabel } from '../checkout/order.ts'
import {
  ADDRESS_FIELDS,
  type AddressFields,
  addressFieldsOf,
  EMPTY_ADDRESS,
  MAX_SAVED_ADDRESSES,
  type SavedAddress,
  trimmedAddress,
  validateAddress,
} from '../checkout/saved-address.ts'
import { FormError } from '../forms.tsx'
import { LoadError } from '../shell.tsx'
import { useToast } from '../toast.tsx'
import { useApi } from '../use-api.ts'
import './addresses.css'

type Editing = { id?: string; fields: AddressFields; isDefault: boolean }

/** The shopper's saved addresses: add, change, delete, and pick the default that checkout fills in. */
export function AddressesPage() {
  const { loaded, reload } = useApi<SavedAddress[]>('/api/store/addresses')
  const [editing, setEditing] = useState<Editing>()
  const notify = useToast()

  async function act(work: () => Promise<unknown>, done: string) {
    try {
      await work()
      notify(done)
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), 'error')
    }
    reload()
  }
  const remove = (address: SavedAddress) => {
    if (!window.confirm(`Delete the address “${address.address}”?`)) return
    return act(() => api('DELETE', `/api/store/addresses/${address.id}`), `Deleted “${address.address}”`)
  }
  const makeDefault = (address: SavedAddress) =>
    act(
      () => api('POST', `/api/store/addresses/${address.id}/default`),
      `“${address.address}” is now your default address`,
    )

  return (
    <main className="page narrow addresses">
      <p>
        <Link href="/">← Your account</Link>
      </p>
      <h1>Your addresses</h1>
      <p className="muted">Checkout fills in your default address, and offers the others to pick from.</p>
      {loaded.state === 'loading' && <div className="skeleton" style={{ height: '8rem' }} aria-busy="true" />}
      {loaded.state === 'failed' && <LoadError message={loaded.error.message} retry={reload} />}
      {loaded.state === 'ready' && (
        <>
          {editing ? (
            <AddressForm
              key={editing.id ?? 'new'}
              editing={editing}
              canMakeDefault={!editing.isDefault && (editing.id !== undefined || loaded.data.length > 0)}
              onSaved={() => {
                setEditing(undefined)
                notify(editing.id ? 'Address saved' : 'Address added')
                reload()
              }}
              onCancel={() => setEditing(undefined)}
            />
          ) : loaded.data.length < MAX_SAVED_ADDRESSES ? (
            <button
              type="button"
              className="button"
              onClick={() => setEditing({ fields: EMPTY_ADDRESS, isDefault: false })}
            >
              Add an address
            </button>
          ) : (
            <p className="card">
              You keep {MAX_SAVED_ADDRESSES} addresses, the most there is room for: delete one to add another.
            </p>
          )}
          {loaded.data.length === 0 ? (
            !editing && <p className="card muted address-empty">No saved addresses yet.</p>
          ) : (
            <ul className="address-list">
              {loaded.data.map((address) => (
                <AddressCard
                  key={address.id}
                  address={address}
                  onEdit={() =>
                    setEditing({ id: address.id, fields: addressFieldsOf(address), isDefault: address.is_default })
                  }
                  onDelete={() => remove(address)}
                  onMakeDefault={() => makeDefault(address)}
                />
              ))}
            </ul>
          )}
        </>
      )}
    </main>
  )
}

function AddressCard(props: { address: SavedAddress; onEdit(): void; onDelete(): void; onMakeDefault(): void }) {
  const { address } = props
  const described = `address-${address.id}`
  return (
    <li className="card address-card">
      {address.is_default && <p className="address-badge">Default address</p>}
      <p id={described} className="address-text">
        <strong>
          {address.first_name} {address.last_name}
        </strong>
        <br />
        {address.address}
        <br />
        {address.zip} {address.city}
        <br />
        {address.country}
      </p>
      <div className="address-actions">
        <button
          type="button"
          className="button secondary small-button"
          aria-describedby={described}
          onClick={props.onEdit}
        >
          Edit
        </button>
        {!address.is_default && (
          <button
            type="button"
            className="button secondary small-button"
            aria-describedby={described}
            onClick={props.onMakeDefault}
          >
            Make default
          </button>
        )}
        <button
          type="button"
          className="button secondary small-button"
          aria-describedby={described}
          onClick={props.onDelete}
        >
          Delete
        </button>
      </div>
    </li>
  )
}

function AddressForm(props: { editing: Editing; canMakeDefault: boolean; onSaved(): void; onCancel(): void }) {
  const { id } = props.editing
  const [fields, setFields] = useState(props.editing.fields)
  const [makeDefault, setMakeDefault] = useState(false)
  const [checked, setChecked] = useState(false)
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string>()
  const form = useRef<HTMLFormElement>(null)
  useEffect(() => form.current?.querySelector('input')?.focus(), [])
  const problems = validateAddress(fields)

  async function save(event: FormEvent) {
    event.preventDefault()
    setChecked(true)
    if (Object.keys(problems).length > 0) {
      // After this render shows the errors, the first field with one takes the focus.
      setTimeout(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
      return
    }
    setSending(true)
    setError(undefined)
    // Only `true` is sent: the default moves by making another address the default, never by unticking it.
    const body = { ...trimmedAddress(fields), ...(makeDefault ? { is_default: true } : {}) }
    try {
      await (id ? api('PUT', `/api/store/addresses/${id}`, body) : api('POST', '/api/store/addresses', body))
      props.onSaved()
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      setSending(false)
    }
  }

  const heading = id ? 'Edit address' : 'New address'
  return (
    <form ref={form} className="card address-form" onSubmit={save} noValidate aria-labelledby="address-form-title">
      <h2 id="address-form-title">{heading}</h2>
      <FormError message={error} />
      <div className="fields">
        {ADDRESS_FIELDS.map((field) => (
          <AddressField
            key={field}
            field={field}
            value={fields[field]}
            error={checked ? problems[field] : undefined}
            onChange={(value) => setFields((all) => ({ ...all, [field]: value }))}
          />
        ))}
      </div>
      {props.canMakeDefault && (
        <label className="address-default-choice">
          <input type="checkbox" checked={makeDefault} onChange={(e) => setMakeDefault(e.target.checked)} />
          Make this my default address
        </label>
      )}
      <div className="address-actions">
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Saving…' : 'Save address'}
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

function AddressField(props: {
  field: keyof AddressFields
  value: string
  error: string | undefined
  onChange(value: string): void
}) {
  const id = `address-field-${props.field}`
  return (
    <div className="field">
      <label htmlFor={id}>{fieldLabel(props.field)}</label>
      <input
        id={id}
        value={props.value}
        autoComplete={`shipping ${CUSTOMER_AUTOCOMPLETE[props.field]}`}
        aria-invalid={props.error ? 'true' : 'false'}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.error && (
        <p id={`${id}-error`} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  )
}
