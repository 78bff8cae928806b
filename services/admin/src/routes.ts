import {
  Category,
  CategoryBody,
  CategoryPatchBody,
  IdParams,
  Order,
  OrderPage,
  OrdersQuery,
  PageOf,
  PageQuery,
  Product,
  ProductBody,
  ProductPatchBody,
  StoreSummary,
  SummaryQuery,
  User,
  UserLinks,
} from '@ambassador/contracts/http'
import { cachedReply } from '@ambassador/kit/http/cached-reply'
import { DEFAULT_PER_PAGE } from '@ambassador/kit/http/pages'
import { type HttpApp, mountUnder } from '@ambassador/kit/http/server'
import type { ServiceContext } from '@ambassador/kit/service'
import { Type } from 'typebox'
import { createProduct, deleteProduct, findProduct, listProducts, pageOfProducts, updateProduct } from './catalog.ts'
import { createCategory, deleteCategory, listCategories, updateCategory } from './categories.ts'
import { commissionRuleRoutes } from './commission-rule-routes.ts'
import {
  findAmbassador,
  listAmbassadors,
  listOrders,
  listUserLinks,
  ORDERS_SCOPE,
  pageOfAmbassadors,
  pageOfOrders,
  USERS_SCOPE,
} from './oversight.ts'
import { storeSummary } from './summary.ts'

/** The admin area: the catalog, and oversight of ambassadors, their links and all orders. Admins only. */
export async function adminRoutes(app: HttpApp, ctx: ServiceContext) {
  const config = { auth: 'admin' } as const
  const tags = ['admin']
  await commissionRuleRoutes(app, ctx)

  await mountUnder(app, '/api/admin', (area) => {
    area.get(
      '/products',
      {
        config,
        schema: { tags, querystring: PageQuery, response: { 200: Type.Union([Type.Array(Product), PageOf(Product)]) } },
      },
      (request) => {
        const { page, per_page: perPage = DEFAULT_PER_PAGE } = request.query
        return page === undefined ? listProducts(ctx) : pageOfProducts(ctx, page, perPage)
      },
    )

    area.post(
      '/products',
      { config, schema: { tags, body: ProductBody, response: { 201: Product } } },
      async (request, reply) => reply.status(201).send(await createProduct(ctx, request.body)),
    )

    area.get('/products/:id', { config, schema: { tags, params: IdParams, response: { 200: Product } } }, (request) =>
      findProduct(ctx, request.params.id),
    )

    area.put(
      '/products/:id',
      { config, schema: { tags, params: IdParams, body: ProductPatchBody, response: { 200: Product } } },
      (request) => updateProduct(ctx, request.params.id, request.body),
    )

    area.get('/categories', { config, schema: { tags, response: { 200: Type.Array(Category) } } }, () =>
      listCategories(ctx),
    )
    area.post(
      '/categories',
      { config, schema: { tags, body: CategoryBody, response: { 201: Category } } },
      async (request, reply) => reply.status(201).send(await createCategory(ctx, request.body)),
    )
    area.put(
      '/categories/:id',
      { config, schema: { tags, params: IdParams, body: CategoryPatchBody, response: { 200: Category } } },
      (request) => updateCategory(ctx, request.params.id, request.body),
    )
    area.delete(
      '/categories/:id',
      { config, schema: { tags, params: IdParams, response: { 204: Type.Null({ description: 'deleted' }) } } },
      async (request, reply) => {
        await deleteCategory(ctx, request.params.id)
        return reply.status(204).send(null)
      },
    )

    area.delete(
      '/products/:id',
      { config, schema: { tags, params: IdParams, response: { 204: Type.Null({ description: 'deleted' }) } } },
      async (request, reply) => {
        await deleteProduct(ctx, request.params.id)
        return reply.status(204).send(null)
      },
    )

    area.get(
      '/ambassadors',
      {
        config,
        schema: { tags, querystring: PageQuery, response: { 200: Type.Union([Type.Array(User), PageOf(User)]) } },
      },
      (request, reply) => {
        const { page, per_page: perPage = DEFAULT_PER_PAGE } = request.query
        const key = page === undefined ? 'ambassadors' : `ambassadors:page:${page}:${perPage}`
        return cachedReply(ctx.cache, request, reply, { scope: USERS_SCOPE, key, ttlSeconds: 300 }, () =>
          page === undefined ? listAmbassadors(ctx) : pageOfAmbassadors(ctx, page, perPage),
        )
      },
    )

    area.get('/ambassadors/:id', { config, schema: { tags, params: IdParams, response: { 200: User } } }, (request) =>
      findAmbassador(ctx, request.params.id),
    )

    area.get(
      '/users/:id/links',
      { config, schema: { tags, params: IdParams, response: { 200: UserLinks } } },
      (request, reply) => {
        const slot = { scope: ORDERS_SCOPE, key: `links:${request.params.id}`, ttlSeconds: 300 }
        return cachedReply(ctx.cache, request, reply, slot, () => listUserLinks(ctx, request.params.id))
      },
    )

    area.get(
      '/orders',
      {
        config,
        schema: { tags, querystring: OrdersQuery, response: { 200: Type.Union([Type.Array(Order), OrderPage]) } },
      },
      (request, reply) => {
        const { limit, page, per_page: perPage = DEFAULT_PER_PAGE } = request.query
        // The reference shape (every order, or the newest `limit`) unless a page is asked for.
        const key = page === undefined ? `orders:${limit ?? 'all'}` : `orders:page:${page}:${perPage}`
        return cachedReply(ctx.cache, request, reply, { scope: ORDERS_SCOPE, key, ttlSeconds: 300 }, () =>
          page === undefined ? listOrders(ctx, limit) : pageOfOrders(ctx, page, perPage),
        )
      },
    )

    area.get(
      '/summary',
      { config, schema: { tags, querystring: SummaryQuery, response: { 200: StoreSummary } } },
      (request) => storeSummary(ctx, request.query.days ?? 30),
    )
  })
}
