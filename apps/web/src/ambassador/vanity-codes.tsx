import type { VanityCode, VanityCodeLimits } from '@ambassador/contracts/http'
import { useState } from 'react'
import { api } from '../api.ts'
import { FormError, useSubmit } from '../forms.tsx'
import { LoadError } from '../shell.tsx'
import { useToast } from '../toast.tsx'
import { useApi } from '../use-api.ts'
import './vanity-codes.css'

/**
 * The ambassador's own discount codes: customers who type one get its discount, and the order is credited to the
 * ambassador even if they never opened a link. Part of the discount may come out of the ambassador's commission.
 */
export function VanityCodes({ links }: { links: string[] }) {
  const codes = useApi<VanityCode[]>('/api/ambassador/coupons')
  const limits = useApi<VanityCodeLimits>('/api/ambassador/coupons/limits')
  return (
    <section className="card fields-stack" aria-labelledby="codes-title">
      <h2 id="codes-title">Your discount codes</h2>
      <p className="muted">
        Share a code instead of a link: whoever uses it gets the discount, and the order is yours even if they never
        opened your link. Whatever part of the discount you fund lowers your commission rate on those orders by as many
        points.
      </p>
      {codes.loaded.state === 'loading' || limits.loaded.state === 'loading' ? (
        <div className="skeleton" style={{ height: '4rem' }} aria-busy="true" />
      ) : codes.loaded.state === 'failed' || limits.loaded.state === 'failed' ? (
        <LoadError
          message="We could not load your codes."
          retry={() => {
            codes.reload()
            limits.reload()
          }}
        />
      ) : (
        <>
          <CodeList codes={codes.loaded.data} onChange={codes.reload} />
          {links.length === 0 ? (
            <p className="muted">Create a link first: a code counts for one of your links.</p>
          ) : (
            <NewCodeForm
              links={links}
              limits={limits.loaded.data}
              active={codes.loaded.data.filter((code) => code.active).length}
              onDone={codes.reload}
            />
          )}
        </>
      )}
    </section>
  )
}

function CodeList({ codes, onChange }: { codes: VanityCode[]; onChange(): void }) {
  const notify = useToast()
  if (codes.length === 0) return <p className="muted">No codes yet.</p>
  async function stop(code: VanityCode) {
    if (!window.confirm(`Stop the code ${code.code}? Customers can no longer use it.`)) return
    try {
      await api('DELETE', `/api/ambassador/coupons/${code.id}`)
      notify(`${code.code} stopped`)
      onChange()
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), 'error')
    }
  }
  return (
    <ul className="vanity-codes">
      {codes.map((code) => (
        <li key={code.id}>
          <span>
            <code>{code.code}</code> — {code.discount_percent}% off
            {code.commission_given_up_percent > 0 ? `, ${code.commission_given_up_percent} points from your rate` : ''}{' '}
            · for <code>/c/{code.link_code}</code> · used {code.used} {code.used === 1 ? 'time' : 'times'}
            {code.active ? '' : ' · stopped'}
          </span>
          {code.active && (
            <button type="button" className="button secondary small-button" onClick={() => stop(code)}>
              Stop {code.code}
            </button>
          )}
        </li>
      ))}
    </ul>
  )
}

/** What a code's terms mean for the customer and for the ambassador, in one sentence. */
function termsInWords(discount: number, givenUp: number): string {
  const rate =
    givenUp > 0
      ? `your commission rate on those orders is lowered by ${givenUp} ${givenUp === 1 ? 'point' : 'points'}`
      : 'your commission rate on those orders stays as it is'
  return `Customers get ${discount}% off; ${rate}.`
}

function NewCodeForm(props: { links: string[]; limits: VanityCodeLimits; active: number; onDone(): void }) {
  const notify = useToast()
  const [code, setCode] = useState('')
  const [discount, setDiscount] = useState('')
  const [givenUp, setGivenUp] = useState('0')
  const [link, setLink] = useState(props.links[0] ?? '')
  const { sending, error, submit } = useSubmit(async () => {
    const made = await api<VanityCode>('POST', '/api/ambassador/coupons', {
      code: code.trim(),
      discount_percent: Number(discount),
      commission_given_up_percent: Number(givenUp || '0'),
      link_code: link,
    })
    notify(`${made.code} is ready to share`)
    setCode('')
    setDiscount('')
    props.onDone()
  })
  const { max_codes_per_ambassador: maxCodes, max_discount_percent: maxDiscount } = props.limits
  const discountValue = Number(discount)
  const givenUpValue = Number(givenUp || '0')
  return (
    <form className="fields-stack" onSubmit={submit} aria-labelledby="new-code-title">
      <h3 id="new-code-title">New code</h3>
      <p className="muted">
        You can have {maxCodes} active {maxCodes === 1 ? 'code' : 'codes'}; you have {props.active}.
      </p>
      <div className="field">
        <label htmlFor="vanity-code">Code (3 to 20 letters or digits)</label>
        <input
          id="vanity-code"
          value={code}
          onChange={(e) => setCode(e.target.value.toUpperCase())}
          required
          minLength={3}
          maxLength={20}
          pattern="[A-Za-z0-9]+"
          autoComplete="off"
        />
      </div>
      <div className="field">
        <label htmlFor="vanity-discount">Customer discount, % (at most {maxDiscount})</label>
        <input
          id="vanity-discount"
          type="number"
          inputMode="decimal"
          min="0.01"
          max={maxDiscount}
          step="0.01"
          value={discount}
          onChange={(e) => setDiscount(e.target.value)}
          required
        />
      </div>
      <div className="field">
        <label htmlFor="vanity-given-up">Of it, points from your commission rate</label>
        <input
          id="vanity-given-up"
          type="number"
          inputMode="decimal"
          min="0"
          max={discountValue > 0 ? discountValue : maxDiscount}
          step="0.01"
          value={givenUp}
          onChange={(e) => setGivenUp(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="vanity-link">For the link</label>
        <select id="vanity-link" value={link} onChange={(e) => setLink(e.target.value)}>
          {props.links.map((code) => (
            <option key={code} value={code}>
              /c/{code}
            </option>
          ))}
        </select>
      </div>
      <p className="muted" aria-live="polite">
        {discountValue > 0 && givenUpValue >= 0 && givenUpValue <= discountValue
          ? termsInWords(discountValue, givenUpValue)
          : 'Up to the whole discount may come out of your commission rate.'}
      </p>
      <FormError message={error} />
      <button type="submit" className="button" disabled={sending}>
        {sending ? 'Creating…' : 'Create the code'}
      </button>
    </form>
  )
}
