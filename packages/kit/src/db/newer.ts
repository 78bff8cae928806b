import { eq, type InferInsertModel, type SQL, sql } from 'drizzle-orm'
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Database } from './database.ts'

/**
 * For an upsert's `setWhere`: overwrite the stored row only when the incoming one is at least as new, by the
 * `column` holding when the event that wrote each occurred. A row stored before such times were kept (null)
 * takes any update. Read models use it so a late or replayed event never undoes a newer one.
 */
export function newerThanStored(column: AnyPgColumn): SQL {
  return sql`${column} IS NULL OR ${column} <= excluded.${sql.identifier(column.name)}`
}

/** A read-model table keyed by `id`, whose rows remember when the event that wrote them occurred (`updatedAt`). */
type ReadModel = PgTable & { id: AnyPgColumn; updatedAt: AnyPgColumn }
type Tombstones = PgTable & { id: AnyPgColumn }

/**
 * Writes an entity into a read model as an event described it — unless the row holds what a newer event wrote (a
 * late or replayed event never undoes a newer one), or, given `tombstones`, the entity was deleted for good.
 * `values` carries the row's `id` and the event's time as `updatedAt`; a value may be SQL (computed in the statement). Returns whether the entity was deleted.
 */
export async function applyIfNewer<T extends ReadModel>(
  db: Database,
  table: T,
  values: { [K in keyof InferInsertModel<T>]: InferInsertModel<T>[K] | SQL } & { id: string; updatedAt: string },
  tombstones?: Tombstones,
): Promise<{ deleted: boolean }> {
  if (tombstones) {
    const [dead] = await db
      .select({ id: tombstones.id })
      .from(tombstones as PgTable)
      .where(eq(tombstones.id, values.id))
    if (dead) return { deleted: true }
  }
  const { id: _id, ...changes } = values
  await db
    .insert(table)
    .values(values as never)
    .onConflictDoUpdate({ target: table.id, set: changes as never, setWhere: newerThanStored(table.updatedAt) })
  return { deleted: false }
}
