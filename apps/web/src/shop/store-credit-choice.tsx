import type { Wallet } from '@ambassador/contracts/http'
import { useEffect, useState } from 'react'
import { api } from '../api.ts'
import { toCents } from '../checkout/order.ts'
import { mayBeSignedIn } from '../checkout/saved-address.ts'
import { formatPrice } from './cart.ts'
import './store-credit-choice.css'

/** The signed-in shopper's store credit balance, if they have some (nothing for guests; a failure hides it). */
export function useStoreCredit(): number {
  const [balance, setBalance] = useState(0)
  useEffect(() => {
    if (!mayBeSignedIn(document.cookie)) return
    let current = true
    api<Wallet>('GET', '/api/store/wallet').then(
      (wallet) => current && setBalance(wallet.balance),
      () => {},
    )
    return () => {
      current = false
    }
  }, [])
  return balance
}

/** What store credit would pay of `total`, and what the card pays. */
export function splitByCredit(total: number, balance: number, use: boolean) {
  const creditCents = use ? Math.min(toCents(balance), toCents(total)) : 0
  return { credit: creditCents / 100, rest: (toCents(total) - creditCents) / 100 }
}

/** "Pay $X from my store credit", checked by default, when the shopper has some. */
export function StoreCreditChoice(props: {
  balance: number
  total: number
  currency: string | null
  checked: boolean
  onChange(checked: boolean): void
}) {
  if (props.balance <= 0) return null
  const { credit } = splitByCredit(props.total, props.balance, true)
  return (
    <label className="store-credit-choice">
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      <span>
        Pay {formatPrice(credit, props.currency)} from my store credit ({formatPrice(props.balance, props.currency)}{' '}
        available)
      </span>
    </label>
  )
}
