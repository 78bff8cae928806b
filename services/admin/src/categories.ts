import type { Category, CategoryBody, CategoryPatchBody } from '@ambassador/contracts/http'
import { inTransaction } from '@ambassador/kit/db/database'
import { postgresCode } from '@ambassador/kit/db/errors'
import { badRequest, conflict, notFound } from '@ambassador/kit/errors/errors'
import { isUuid, newId } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { asc, eq, sql } from 'drizzle-orm'
import { productData, slugify } from './catalog.ts'
import { categories, products } from './schema.ts'

type CategoryRow = typeof categories.$inferSelect

const view = (row: CategoryRow): Category => ({ id: row.id, slug: row.slug, name: row.name })

/** Every category, by name. */
export async function listCategories(ctx: ServiceContext): Promise<Category[]> {
  const rows = await ctx.db.select().from(categories).orderBy(asc(categories.name), asc(categories.id))
  return rows.map(view)
}

/** Adds a category (its slug from the name unless given); announces category.created. */
export async function createCategory(ctx: ServiceContext, input: CategoryBody): Promise<Category> {
  const name = requireName(input.name)
  const slug = input.slug ?? slugify(name)
  if (!slug) throw badRequest('Give the category a slug: its name has no letters or digits to make one from')
  const now = ctx.clock.now().toISOString()
  return saving(slug, () =>
    inTransaction(ctx.db, async (tx) => {
      const [row] = await tx
        .insert(categories)
        .values({ id: newId(), slug, name, createdAt: now, updatedAt: now })
        .returning()
      if (!row) throw new Error('inserting a category returned no row')
      await ctx.outbox.add(tx, { type: 'category.created', key: row.id, data: view(row) })
      return view(row)
    }),
  )
}

/** Renames a category or changes its slug; announces category.updated. */
export async function updateCategory(ctx: ServiceContext, id: string, input: CategoryPatchBody): Promise<Category> {
  if (!isUuid(id)) throw categoryNotFound()
  const changes = {
    ...(input.name === undefined ? {} : { name: requireName(input.name) }),
    ...(input.slug === undefined ? {} : { slug: input.slug }),
  }
  return saving(changes.slug ?? '', () =>
    inTransaction(ctx.db, async (tx) => {
      const [row] = await tx
        .update(categories)
        .set({ ...changes, updatedAt: ctx.clock.now().toISOString() })
        .where(eq(categories.id, id))
        .returning()
      if (!row) throw categoryNotFound()
      await ctx.outbox.add(tx, { type: 'category.updated', key: row.id, data: view(row) })
      return view(row)
    }),
  )
}

/**
 * Removes a category; its products leave it (each announced as product.updated, so every catalog follows), and
 * category.deleted is announced.
 */
export async function deleteCategory(ctx: ServiceContext, id: string): Promise<void> {
  if (!isUuid(id)) throw categoryNotFound()
  await inTransaction(ctx.db, async (tx) => {
    const [row] = await tx.delete(categories).where(eq(categories.id, id)).returning({ id: categories.id })
    if (!row) throw categoryNotFound()
    const changed = await tx
      .update(products)
      .set({
        categoryIds: sql`array_remove(${products.categoryIds}, ${id}::uuid)`,
        updatedAt: ctx.clock.now().toISOString(),
      })
      .where(sql`${id}::uuid = ANY(${products.categoryIds})`)
      .returning()
    for (const product of changed) {
      await ctx.outbox.add(tx, { type: 'product.updated', key: product.id, data: productData(product) })
    }
    await ctx.outbox.add(tx, { type: 'category.deleted', key: id, data: { id } })
  })
}

/** Runs a write that may hit the unique slug: another category having it is a 409, not a crash. */
async function saving<T>(slug: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (postgresCode(error) === '23505') throw conflict(`Another category already has the slug "${slug}"`, 'slug_taken')
    throw error
  }
}

function requireName(value: string): string {
  const name = value.trim()
  if (!name) throw badRequest('name must not be blank')
  return name
}

function categoryNotFound() {
  return notFound('Category not found')
}
