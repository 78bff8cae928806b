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

/** A labelled, required input. */
export function TextField(props: {
  label: string
  type?: string
  value: string
  onChange(v: string): void
  autoComplete: string
}) {
  const id = `f-${props.label.toLowerCase().replace(/\W+/g, '-')}`
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type ?? 'text'}
        required
        value={props.value}
        autoComplete={props.autoComplete}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  )
}
