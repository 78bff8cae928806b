import { fileURLToPath } from 'node:url'
import { createTokenIssuer } from '@ambassador/kit/auth/tokens'
import { sessionVersionFrom } from '@ambassador/kit/db/session-versions'
import { defineService } from '@ambassador/kit/service'
import { ensureAdmin, type UsersContext } from './accounts.ts'
import { consumers } from './consumers.ts'
import { userRoutes } from './routes.ts'
import { accounts, tables } from './schema.ts'

/** Accounts and sign-in: the only service holding password hashes and the token signing key. */
export const usersService = defineService<UsersContext>({
  name: 'users',
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  tables,
  context: (base, { keys }) => {
    if (!keys.privateKey) throw new Error('The users service needs JWT_PRIVATE_KEY to sign tokens')
    return { ...base, tokens: createTokenIssuer(keys.privateKey) }
  },
  routes: userRoutes,
  sessionVersionOf: sessionVersionFrom(accounts),
  consumers,
  async start(ctx) {
    const { adminEmail, adminPassword } = ctx.config
    if (!adminEmail || !adminPassword) return
    const { created } = await ensureAdmin(ctx, { email: adminEmail, password: adminPassword })
    if (created) ctx.log.info({ email: adminEmail }, 'created the admin account from ADMIN_EMAIL')
  },
})

export { countAccounts, ensureAdmin } from './accounts.ts'
export { type EarningsChange, replaceEarnings } from './earnings-rebuild.ts'
export { hashPassword } from './passwords.ts'
