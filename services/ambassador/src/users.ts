import type { UserData } from '@ambassador/contracts/events'
import { newerThanStored } from '@ambassador/kit/db/newer'
import type { ConsumerContext, ServiceContext } from '@ambassador/kit/service'
import { users } from './schema.ts'
import { RANKINGS_SCOPE } from './stats.ts'

/** Records a registered or updated account (names and role; rankings read names from here, so a rename shows at once). */
export async function upsertUser(ctx: ConsumerContext<ServiceContext>, user: UserData, at: string) {
  const values = {
    firstName: user.first_name,
    lastName: user.last_name,
    email: user.email,
    role: user.role,
    updatedAt: at,
  }
  await ctx.db
    .insert(users)
    .values({ id: user.id, ...values })
    .onConflictDoUpdate({ target: users.id, set: values, setWhere: newerThanStored(users.updatedAt) })
  ctx.afterCommit(() => ctx.cache.invalidate(RANKINGS_SCOPE))
}
