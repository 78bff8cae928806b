import type { UserData } from '@ambassador/contracts/events'
import { applyIfNewer } from '@ambassador/kit/db/newer'
import type { ConsumerContext, ServiceContext } from '@ambassador/kit/service'
import { accounts } from './schema.ts'

/** Keeps a user's session version as the users service announced it, so tokens of ended sessions are refused here. */
export async function recordAccount(ctx: ConsumerContext<ServiceContext>, user: UserData, at: string) {
  await applyIfNewer(ctx.db, accounts, { id: user.id, sessionVersion: user.session_version ?? 0, updatedAt: at })
  ctx.afterCommit(async () => ctx.sessions.forget(user.id))
}
