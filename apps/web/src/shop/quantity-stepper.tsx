import { useEffect, useId, useState } from 'react'

/**
 * − [n] +, with big tap targets. Typing is allowed; a number out of range is brought within it, and a field left
 * empty goes back to the last quantity.
 */
export function QuantityStepper(props: {
  /** The input's label; `hiddenLabel` keeps it for screen readers only (a row whose title says it already). */
  label: string
  hiddenLabel?: boolean
  value: number
  min: number
  max: number
  onChange(quantity: number): void
  lessLabel: string
  moreLabel: string
}) {
  const id = useId()
  const [text, setText] = useState(String(props.value))
  useEffect(() => setText(String(props.value)), [props.value])
  const within = (n: number) => Math.min(props.max, Math.max(props.min, n))

  return (
    <div className="quantity">
      <label htmlFor={id} className={props.hiddenLabel ? 'visually-hidden' : undefined}>
        {props.label}
      </label>
      <div className="stepper">
        <button
          type="button"
          aria-label={props.lessLabel}
          disabled={props.value <= props.min}
          onClick={() => props.onChange(within(props.value - 1))}
        >
          −
        </button>
        <input
          id={id}
          inputMode="numeric"
          pattern="[0-9]*"
          value={text}
          onChange={(e) => {
            const digits = e.target.value.replace(/\D/g, '').slice(0, 6)
            setText(digits)
            if (digits) props.onChange(within(Number(digits)))
          }}
          onBlur={() => setText(String(props.value))}
        />
        <button
          type="button"
          aria-label={props.moreLabel}
          disabled={props.value >= props.max}
          onClick={() => props.onChange(within(props.value + 1))}
        >
          +
        </button>
      </div>
    </div>
  )
}
