import { type FormEvent, useState } from 'react'

/** A form's submit: one request at a time, and the server's message shown when it refuses. */
export function useSubmit(action: () => Promise<void>) {
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string>()
  async function submit(event: FormEvent) {
    event.preventDefault()
    setSending(true)
    setError(undefined)
    try {
      await action()
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      setSending(false)
    }
  }
  return { sending, error, submit }
}

/** A labelled input, required unless `optional`. */
export function TextField(props: {
  label: string
  type?: string
  value: string
  onChange(v: string): void
  autoComplete: string
  optional?: boolean
}) {
  const id = `f-${props.label.toLowerCase().replace(/\W+/g, '-')}`
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type ?? 'text'}
        required={!props.optional}
        value={props.value}
        autoComplete={props.autoComplete}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  )
}

/** A form's text fields: their values, and `set('field')` for each input's onChange. */
export function useFields<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState(initial)
  const set = (field: keyof T) => (value: string) => setValues((v) => ({ ...v, [field]: value }))
  return { values, set, setValues }
}

/** What the server (or the form) refused, read out as soon as it appears. */
export function FormError({ message }: { message: string | undefined }) {
  if (!message) return null
  return (
    <p className="alert error" role="alert">
      {message}
    </p>
  )
}

/** A new password typed twice, with its rule under the first field. */
export function NewPasswordFields(props: {
  labels: [password: string, repeat: string]
  password: string
  repeat: string
  onPassword(value: string): void
  onRepeat(value: string): void
}) {
  return (
    <>
      <TextField
        label={props.labels[0]}
        type="password"
        value={props.password}
        onChange={props.onPassword}
        autoComplete="new-password"
      />
      <p className="muted small-left">At least 8 characters.</p>
      <TextField
        label={props.labels[1]}
        type="password"
        value={props.repeat}
        onChange={props.onRepeat}
        autoComplete="new-password"
      />
    </>
  )
}

/** Refuses, before asking the server, a password typed differently the second time. */
export function requireSamePasswords(form: { password: string; password_confirm: string }) {
  if (form.password !== form.password_confirm) throw new Error('The two passwords do not match')
}
