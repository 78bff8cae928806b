import type { UserData } from '@ambassador/contracts/events'
import { applyIfNewer } from '@ambassador/kit/db/newer'
import type { ConsumerContext, ServiceContext } from '@ambassador/kit/service'
import { users } from './schema.ts'
import { RANKINGS_SCOPE } from './stats.ts'

/** Records a registered or updated account (names and role; rankings read names from here, so a rename shows at once). */
export async function upsertUser(ctx: ConsumerContext<ServiceContext>, user: UserData, at: string) {
  await applyIfNewer(ctx.db, users, {
    id: user.id,
    firstName: user.first_name,
    lastName: user.last_name,
    email: user.email,
    role: user.role,
    sessionVersion: user.session_version ?? 0,
    updatedAt: at,
  })
  ctx.afterCommit(async () => {
    ctx.sessions.forget(user.id)
    await ctx.cache.invalidate(RANKINGS_SCOPE)
  })
}
