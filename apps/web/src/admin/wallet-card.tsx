import type { Wallet } from '@ambassador/contracts/http'
import { LoadError } from '../shell.tsx'
import { StoreCreditHistory } from '../store-credit.tsx'
import { useApi } from '../use-api.ts'
import { SignedAmountForm } from './signed-amount-form.tsx'

/** A user's store credit, and the admin's credit or debit of it with a reason the user is mailed. */
export function WalletCard({ userId, name }: { userId: string; name: string }) {
  const path = `/api/admin/users/${encodeURIComponent(userId)}/wallet`
  const { loaded, reload } = useApi<Wallet>(path)
  return (
    <section className="card" aria-labelledby="wallet-title">
      <h2 id="wallet-title">Store credit</h2>
      {loaded.state === 'loading' ? (
        <div className="skeleton" style={{ height: '4rem' }} aria-busy="true" />
      ) : loaded.state === 'failed' ? (
        loaded.error.status === 404 ? (
          <p className="muted">No wallet yet: this account has not reached checkout.</p>
        ) : (
          <LoadError message="We could not load the store credit." retry={reload} />
        )
      ) : (
        <>
          <StoreCreditHistory wallet={loaded.data} />
          <SignedAmountForm
            path={`${path}/deposits`}
            idPrefix="credit"
            title="Credit or debit"
            amountLabel="Store credit amount"
            reasonLabel="Why"
            placeholder="10.00 or -10.00"
            button="Change store credit"
            sendingButton="Saving…"
            confirmation={(value, reason) =>
              `${value > 0 ? `Give ${name} ${value.toFixed(2)}` : `Take ${(-value).toFixed(2)} from ${name}`} of store credit for “${reason}”? They are told by email.`
            }
            done="Store credit changed"
            onDone={reload}
          />
        </>
      )}
    </section>
  )
}
