import type { VanityCodeLimits } from '@ambassador/contracts/http'
import { useState } from 'react'
import { Link } from 'wouter'
import { api } from '../api.ts'
import { FormError, useSubmit } from '../forms.tsx'
import { LoadError } from '../shell.tsx'
import { useToast } from '../toast.tsx'
import { useApi } from '../use-api.ts'
import './catalog.css'
import { couponDates, couponDiscount, couponMinOrder, couponPerCustomer, couponUses } from './coupon-draft.ts'
import { CouponForm } from './coupon-form.tsx'
import type { Category, Coupon, UpdateCouponBody } from './types.ts'

/** Discount codes: what they take off and on what, when and how often they may be used, and how often they were. */
export function CouponsPage() {
  const { loaded, reload } = useApi<Coupon[]>('/api/admin/coupons')
  const categories = useApi<Category[]>('/api/admin/categories')
  const [adding, setAdding] = useState(false)
  const [busy, setBusy] = useState<string>()
  const notify = useToast()
  if (loaded.state === 'loading') return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (loaded.state === 'failed') return <LoadError message={loaded.error.message} retry={reload} />
  const names = new Map(
    categories.loaded.state === 'ready' ? categories.loaded.data.map((c) => [c.id, c.name] as const) : [],
  )
  const categoriesOf = (coupon: Coupon) =>
    coupon.category_ids.length === 0
      ? 'All products'
      : coupon.category_ids.map((id) => names.get(id) ?? 'a deleted category').join(', ')

  async function change(coupon: Coupon, body: UpdateCouponBody, done: string) {
    setBusy(coupon.id)
    try {
      await api<Coupon>('PATCH', `/api/admin/coupons/${coupon.id}`, body)
      notify(done)
    } catch (e) {
      notify(e instanceof Error ? e.message : 'We could not change the coupon.', 'error')
    }
    setBusy(undefined)
    reload()
  }

  async function remove(coupon: Coupon) {
    if (!window.confirm(`Delete the coupon ${coupon.code}? Shoppers will no longer be able to use it.`)) return
    setBusy(coupon.id)
    try {
      await api('DELETE', `/api/admin/coupons/${coupon.id}`)
      notify(`Deleted ${coupon.code}`)
    } catch (e) {
      notify(e instanceof Error ? e.message : 'We could not delete the coupon.', 'error')
    }
    setBusy(undefined)
    reload()
  }

  return (
    <section aria-labelledby="coupons-title">
      <div className="heading-row wrap">
        <h1 id="coupons-title">Coupons</h1>
        {!adding && (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            Add coupon
          </button>
        )}
      </div>
      <p className="muted">Codes shoppers type at checkout for a discount.</p>
      <VanityLimitsForm />
      {adding && (
        <CouponForm
          categories={categories.loaded}
          reloadCategories={categories.reload}
          onDone={(saved) => {
            setAdding(false)
            notify(`Created ${saved.code}`)
            reload()
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {loaded.data.length === 0 ? (
        <p className="card muted">No coupons yet. Add the first one.</p>
      ) : (
        <div className="card table-wrap">
          <table className="stack-table">
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Ambassador</th>
                <th scope="col">Discount</th>
                <th scope="col">When</th>
                <th scope="col">Uses</th>
                <th scope="col">Categories</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {loaded.data.map((coupon) => (
                <tr key={coupon.id}>
                  <td>
                    <strong>
                      <code>{coupon.code}</code>
                    </strong>
                  </td>
                  <td data-label="Ambassador">
                    {coupon.ambassador_id ? (
                      <span className="cell-lines">
                        <Link href={`/ambassadors/${coupon.ambassador_id}`}>
                          {coupon.ambassador_name ?? 'An ambassador'}
                        </Link>
                        {coupon.link_code && <span className="muted small">for /c/{coupon.link_code}</span>}
                      </span>
                    ) : (
                      <span className="muted">Store’s own</span>
                    )}
                  </td>
                  <td data-label="Discount">
                    <span className="cell-lines">
                      <span>{couponDiscount(coupon)}</span>
                      {couponMinOrder(coupon) && <span className="muted small">{couponMinOrder(coupon)}</span>}
                    </span>
                  </td>
                  <td data-label="When">
                    <span className="cell-lines">
                      {couponDates(coupon).map((line) => (
                        <span key={line} className="nowrap">
                          {line}
                        </span>
                      ))}
                    </span>
                  </td>
                  <td data-label="Uses">
                    <span className="cell-lines">
                      <span>{couponUses(coupon)}</span>
                      <span className="muted small">{couponPerCustomer(coupon)}</span>
                    </span>
                  </td>
                  <td data-label="Categories">
                    <span>{categoriesOf(coupon)}</span>
                  </td>
                  <td data-label="Status">
                    <span className={`status ${coupon.active ? 'status-active' : ''}`}>
                      {coupon.active ? 'Active' : 'Inactive'}
                    </span>
                  </td>
                  <td className="num row-actions">
                    <span className="row-buttons">
                      <button
                        type="button"
                        className="button secondary small-button"
                        disabled={busy === coupon.id}
                        onClick={() =>
                          change(
                            coupon,
                            { active: !coupon.active },
                            coupon.active ? `${coupon.code} is now inactive` : `${coupon.code} is now active`,
                          )
                        }
                      >
                        {coupon.active ? 'Deactivate' : 'Activate'}
                      </button>
                      <button
                        type="button"
                        className="button secondary small-button"
                        disabled={busy === coupon.id}
                        onClick={() => remove(coupon)}
                      >
                        Delete
                      </button>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

/** What ambassadors' own codes may give, and how many each may have: new codes must fit, made ones keep their terms. */
function VanityLimitsForm() {
  const { loaded, reload } = useApi<VanityCodeLimits>('/api/admin/vanity-codes/limits')
  const notify = useToast()
  const [discount, setDiscount] = useState<string>()
  const [count, setCount] = useState<string>()
  const { sending, error, submit } = useSubmit(async () => {
    if (loaded.state !== 'ready') return
    await api('PUT', '/api/admin/vanity-codes/limits', {
      max_discount_percent: Number(discount ?? loaded.data.max_discount_percent),
      max_codes_per_ambassador: Number(count ?? loaded.data.max_codes_per_ambassador),
    })
    notify('Limits for ambassadors’ codes saved')
    reload()
  })
  if (loaded.state !== 'ready') return null
  return (
    <form className="card fields-stack" onSubmit={submit} aria-labelledby="vanity-limits-title">
      <h2 id="vanity-limits-title">Ambassadors’ own codes</h2>
      <p className="muted">
        Ambassadors may make discount codes of their own; an order using one is theirs without a click. New codes must
        fit these limits; codes already made keep their terms.
      </p>
      <div className="field">
        <label htmlFor="vanity-max-discount">Largest discount, %</label>
        <input
          id="vanity-max-discount"
          type="number"
          inputMode="decimal"
          min="0"
          max="90"
          step="0.01"
          value={discount ?? String(loaded.data.max_discount_percent)}
          onChange={(e) => setDiscount(e.target.value)}
          required
        />
      </div>
      <div className="field">
        <label htmlFor="vanity-max-codes">Codes per ambassador</label>
        <input
          id="vanity-max-codes"
          type="number"
          inputMode="numeric"
          min="0"
          max="50"
          step="1"
          value={count ?? String(loaded.data.max_codes_per_ambassador)}
          onChange={(e) => setCount(e.target.value)}
          required
        />
      </div>
      <FormError message={error} />
      <button type="submit" className="button" disabled={sending}>
        {sending ? 'Saving…' : 'Save limits'}
      </button>
    </form>
  )
}
