import { StoreCategoryList, StoreProduct, StoreProductPage, StoreProductsQuery } from '@ambassador/contracts/http'
import { cachedReply } from '@ambassador/kit/http/cached-reply'
import { type HttpApp, mountUnder } from '@ambassador/kit/http/server'
import type { ServiceContext } from '@ambassador/kit/service'
import { Type } from 'typebox'
import { STORE_CATALOG_SCOPE } from './catalog.ts'
import { findProductBySlug, listCategories, searchProducts } from './search.ts'

const tags = ['store']
const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) })
const TTL_SECONDS = 300

/** The shop's catalog, for anyone: search with facets, one product by slug, the categories. */
export async function storeRoutes(app: HttpApp, ctx: ServiceContext) {
  const config = { auth: 'public' } as const
  await mountUnder(app, '/api/store', (area) => {
    area.get(
      '/products',
      { config, schema: { tags, querystring: StoreProductsQuery, response: { 200: StoreProductPage } } },
      (request, reply) =>
        cachedReply(
          ctx.cache,
          request,
          reply,
          // The query string as sent is the key: the same search is answered from memory until the catalog changes.
          { scope: STORE_CATALOG_SCOPE, key: `products?${request.url.split('?')[1] ?? ''}`, ttlSeconds: TTL_SECONDS },
          () => searchProducts(ctx, request.query),
        ),
    )
    area.get(
      '/products/:slug',
      { config, schema: { tags, params: SlugParams, response: { 200: StoreProduct } } },
      (request, reply) =>
        cachedReply(
          ctx.cache,
          request,
          reply,
          { scope: STORE_CATALOG_SCOPE, key: `product:${request.params.slug}`, ttlSeconds: TTL_SECONDS },
          () => findProductBySlug(ctx, request.params.slug),
        ),
    )
    area.get('/categories', { config, schema: { tags, response: { 200: StoreCategoryList } } }, (request, reply) =>
      cachedReply(
        ctx.cache,
        request,
        reply,
        { scope: STORE_CATALOG_SCOPE, key: 'categories', ttlSeconds: TTL_SECONDS },
        () => listCategories(ctx),
      ),
    )
  })
}
