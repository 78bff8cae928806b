/**
 * The current session version of each user, as this process knows it: signing out or changing the password moves a
 * user's version on, and every token issued under an older one stops opening doors. Each service answers from its
 * own data (users from the accounts, the others from their read model of them, fed by user.* events), so a request
 * never waits on another service; in distributed mode a version moves everywhere within an event's delivery time.
 */
export type SessionVersions = {
  /** The user's current version; undefined when this process cannot tell (a user its read model has not seen yet). */
  current(userId: string): Promise<number | undefined>
  /** Drops what this process remembers of a user's version, after it changed (a consumer, after its commit). */
  forget(userId: string): void
  /** Where versions are read from: the service in this process that can tell (users first). */
  readFrom(lookup: (userId: string) => Promise<number | undefined>): void
}

/** Versions remembered per process; the least recently used go first beyond this. */
const REMEMBERED = 100_000

export function createSessionVersions(): SessionVersions {
  const known = new Map<string, number>()
  let lookup: ((userId: string) => Promise<number | undefined>) | undefined
  // Moved on by every forget: a lookup that overlapped one does not store what it read (it may be the old value).
  let forgotten = 0
  return {
    async current(userId) {
      const remembered = known.get(userId)
      if (remembered !== undefined) {
        known.delete(userId)
        known.set(userId, remembered)
        return remembered
      }
      if (!lookup) return undefined
      const before = forgotten
      const version = await lookup(userId)
      if (version !== undefined && before === forgotten) {
        if (known.size >= REMEMBERED) known.delete(known.keys().next().value as string)
        known.set(userId, version)
      }
      return version
    },
    forget(userId) {
      forgotten++
      known.delete(userId)
    },
    readFrom(source) {
      lookup = source
    },
  }
}
