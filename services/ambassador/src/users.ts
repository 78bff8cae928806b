import type { UserData } from '@ambassador/contracts/events'
import type { ConsumerContext, ServiceContext } from '@ambassador/kit/service'
import { sql } from 'drizzle-orm'
import { users } from './schema.ts'

/** Records a registered or updated account (names and role; rankings read names from here, so a rename shows at once). */
export async function upsertUser(ctx: ConsumerContext<ServiceContext>, user: UserData) {
  await ctx.db
    .insert(users)
    .values({ id: user.id, firstName: user.first_name, lastName: user.last_name, email: user.email, role: user.role })
    .onConflictDoUpdate({
      target: users.id,
      set: {
        firstName: sql`excluded.first_name`,
        lastName: sql`excluded.last_name`,
        email: sql`excluded.email`,
        role: sql`excluded.role`,
      },
    })
}
