import { useState } from 'react'
import { api } from '../api.ts'
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
