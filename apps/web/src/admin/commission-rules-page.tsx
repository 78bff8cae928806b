import type { CommissionRule, CommissionRuleList, User } from '@ambassador/contracts/http'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { api } from '../api.ts'
import { FormError } from '../forms.tsx'
import { LoadError } from '../shell.tsx'
import { useToast } from '../toast.tsx'
import { useApi } from '../use-api.ts'
import './catalog.css'
import type { Category, Product } from './types.ts'

type Kind = CommissionRule['kind']
const KIND_NAMES: Record<Kind, string> = { product: 'Product', category: 'Category', tier: 'Monthly tier' }

/** The commission rules: a rate per product or category, and monthly tiers, over the store's default rate. */
export function CommissionRulesPage() {
  const { loaded, reload } = useApi<CommissionRuleList>('/api/admin/commission-rules')
  const products = useApi<Product[]>('/api/admin/products')
  const categories = useApi<Category[]>('/api/admin/categories')
  const ambassadors = useApi<User[]>('/api/admin/ambassadors')
  const [editing, setEditing] = useState<CommissionRule | 'new'>()
  const notify = useToast()
  if (loaded.state === 'loading') return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (loaded.state === 'failed') return <LoadError message={loaded.error.message} retry={reload} />
  const names = {
    products: products.loaded.state === 'ready' ? products.loaded.data : [],
    categories: categories.loaded.state === 'ready' ? categories.loaded.data : [],
    ambassadors: ambassadors.loaded.state === 'ready' ? ambassadors.loaded.data : [],
  }

  function appliesTo(rule: CommissionRule): string {
    if (rule.kind === 'product')
      return names.products.find((p) => p.id === rule.product_id)?.title ?? 'a removed product'
    if (rule.kind === 'category') {
      return names.categories.find((c) => c.id === rule.category_id)?.name ?? 'a removed category'
    }
    const who = rule.ambassador_id
      ? (fullName(names.ambassadors.find((a) => a.id === rule.ambassador_id)) ?? 'one ambassador')
      : 'every ambassador'
    return `${who}, from ${money(rule.threshold ?? 0, rule.currency)} of sales this month`
  }

  async function remove(rule: CommissionRule) {
    if (!window.confirm(`Delete the rule “${rule.label}”? Orders already placed keep their rate.`)) return
    try {
      await api('DELETE', `/api/admin/commission-rules/${rule.id}`)
      notify(`Deleted “${rule.label}”`)
    } catch (e) {
      notify(e instanceof Error ? e.message : 'We could not delete the rule.', 'error')
    }
    reload()
  }

  return (
    <section aria-labelledby="rules-title">
      <div className="heading-row wrap">
        <h1 id="rules-title">Commission rules</h1>
        {!editing && (
          <button type="button" className="button" onClick={() => setEditing('new')}>
            Add rule
          </button>
        )}
      </div>
      <p className="muted">
        Every sale earns the default rate of {loaded.data.default_rate}%, unless the product has a rule, else one of its
        categories (the highest). A monthly tier the ambassador has reached raises the rate if it is higher. The rate is
        fixed when the order is placed: changing a rule never changes past orders.
      </p>
      {editing && (
        <RuleForm
          key={editing === 'new' ? 'new' : editing.id}
          rule={editing === 'new' ? undefined : editing}
          {...names}
          onDone={(saved) => {
            setEditing(undefined)
            notify(editing === 'new' ? `Added “${saved.label}”` : `Saved “${saved.label}”`)
            reload()
          }}
          onCancel={() => setEditing(undefined)}
        />
      )}
      {loaded.data.rules.length === 0 ? (
        <p className="card muted">No rules yet: every sale earns the default rate.</p>
      ) : (
        <div className="card table-wrap">
          <table className="stack-table">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Kind</th>
                <th scope="col">Applies to</th>
                <th scope="col" className="num">
                  Rate
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {loaded.data.rules.map((rule) => (
                <tr key={rule.id}>
                  <td>
                    <strong>{rule.label}</strong>
                  </td>
                  <td data-label="Kind">{KIND_NAMES[rule.kind]}</td>
                  <td data-label="Applies to">{appliesTo(rule)}</td>
                  <td data-label="Rate" className="num">
                    {rule.rate}%
                  </td>
                  <td className="num row-actions">
                    <button type="button" className="button secondary small-button" onClick={() => setEditing(rule)}>
                      Edit<span className="visually-hidden"> {rule.label}</span>
                    </button>{' '}
                    <button type="button" className="button secondary small-button" onClick={() => remove(rule)}>
                      Delete<span className="visually-hidden"> {rule.label}</span>
                    </button>
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

function fullName(user: User | undefined): string | undefined {
  return user && `${user.first_name} ${user.last_name}`
}

function money(amount: number, currency: string | null): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency ?? 'USD' }).format(amount)
}

/** A percentage with at most two decimals, 0 to 100; the reason it is not, else undefined. */
export function rateProblem(text: string): string | undefined {
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(text.trim()) || Number(text) > 100) return 'Enter a rate from 0 to 100, like 12.5'
  return undefined
}

function RuleForm(props: {
  rule: CommissionRule | undefined
  products: Product[]
  categories: Category[]
  ambassadors: User[]
  onDone(saved: CommissionRule): void
  onCancel(): void
}) {
  const { rule } = props
  const [kind, setKind] = useState<Kind>(rule?.kind ?? 'product')
  const [target, setTarget] = useState(rule?.product_id ?? rule?.category_id ?? '')
  const [ambassador, setAmbassador] = useState(rule?.ambassador_id ?? '')
  const [threshold, setThreshold] = useState(rule?.threshold === null || !rule ? '' : String(rule.threshold))
  const [rate, setRate] = useState(rule ? String(rule.rate) : '')
  const [label, setLabel] = useState(rule?.label ?? '')
  const [checked, setChecked] = useState(false)
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string>()
  const first = useRef<HTMLSelectElement & HTMLInputElement>(null)
  useEffect(() => first.current?.focus(), [])
  const problems = {
    rate: rateProblem(rate),
    target: kind !== 'tier' && !rule && !target ? `Choose a ${kind}` : undefined,
    threshold:
      kind === 'tier' && !/^\d{1,7}(\.\d{1,2})?$/.test(threshold.trim())
        ? 'Enter the month’s sales that reach the tier, like 1000'
        : undefined,
  }

  async function save(event: FormEvent) {
    event.preventDefault()
    setChecked(true)
    if (Object.values(problems).some(Boolean)) return
    setSending(true)
    setError(undefined)
    const tier = kind === 'tier' ? { threshold: Number(threshold), ambassador_id: ambassador || null } : {}
    const common = { rate: Number(rate), ...(label.trim() ? { label: label.trim() } : {}), ...tier }
    try {
      props.onDone(
        rule
          ? await api<CommissionRule>('PUT', `/api/admin/commission-rules/${rule.id}`, common)
          : await api<CommissionRule>('POST', '/api/admin/commission-rules', {
              kind,
              ...common,
              ...(kind === 'product' ? { product_id: target } : kind === 'category' ? { category_id: target } : {}),
            }),
      )
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      setSending(false)
    }
  }

  const heading = rule ? 'Edit rule' : 'New rule'
  const problem = (field: keyof typeof problems, id: string) =>
    checked && problems[field] ? (
      <p className="field-error" id={id}>
        {problems[field]}
      </p>
    ) : null
  return (
    <form className="card fields-stack product-form" onSubmit={save} noValidate aria-label={heading}>
      <h2>{heading}</h2>
      <FormError message={error} />
      {!rule && (
        <div className="field">
          <label htmlFor="rule-kind">Kind</label>
          <select
            id="rule-kind"
            ref={first}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as Kind)
              setTarget('')
            }}
          >
            <option value="product">A product</option>
            <option value="category">A category</option>
            <option value="tier">A monthly tier</option>
          </select>
        </div>
      )}
      {!rule && kind !== 'tier' && (
        <div className="field">
          <label htmlFor="rule-target">{kind === 'product' ? 'Product' : 'Category'}</label>
          <select
            id="rule-target"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            aria-invalid={checked && !!problems.target}
            aria-describedby={checked && problems.target ? 'rule-target-error' : undefined}
          >
            <option value="">Choose…</option>
            {kind === 'product'
              ? props.products.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.title}
                  </option>
                ))
              : props.categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
          </select>
          {problem('target', 'rule-target-error')}
        </div>
      )}
      {kind === 'tier' && (
        <>
          <div className="field">
            <label htmlFor="rule-threshold">Sales this month that reach the tier</label>
            <input
              id="rule-threshold"
              inputMode="decimal"
              value={threshold}
              onChange={(e) => setThreshold(e.target.value)}
              aria-invalid={checked && !!problems.threshold}
              aria-describedby={checked && problems.threshold ? 'rule-threshold-error' : undefined}
            />
            {problem('threshold', 'rule-threshold-error')}
          </div>
          <div className="field">
            <label htmlFor="rule-ambassador">For</label>
            <select id="rule-ambassador" value={ambassador} onChange={(e) => setAmbassador(e.target.value)}>
              <option value="">Every ambassador</option>
              {props.ambassadors.map((a) => (
                <option key={a.id} value={a.id}>
                  {fullName(a)}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
      <div className="field">
        <label htmlFor="rule-rate">Commission rate (%)</label>
        <input
          id="rule-rate"
          ref={rule ? first : undefined}
          inputMode="decimal"
          value={rate}
          onChange={(e) => setRate(e.target.value)}
          aria-invalid={checked && !!problems.rate}
          aria-describedby={checked && problems.rate ? 'rule-rate-error' : undefined}
        />
        {problem('rate', 'rule-rate-error')}
      </div>
      <div className="field">
        <label htmlFor="rule-label">Name (optional)</label>
        <input id="rule-label" value={label} maxLength={100} onChange={(e) => setLabel(e.target.value)} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Saving…' : 'Save rule'}
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
