import {
  Cart,
  CartCheckoutBody,
  CartLineBody,
  CartQuantityBody,
  CouponCodeBody,
  PaymentSession,
  ProductIdParams,
  ReferralBody,
} from '@ambassador/contracts/http'
import { parseReferralCookie, REFERRAL_COOKIE } from '@ambassador/contracts/referral'
import { unauthorized } from '@ambassador/kit/errors/errors'
import { type HttpApp, mountUnder } from '@ambassador/kit/http/server'
import type { FastifyReply, FastifyRequest } from 'fastify'
import {
  addToCart,
  applyCartCoupon,
  CART_COOKIE,
  CART_TTL_SECONDS,
  cartIdOf,
  checkoutCart,
  newCartToken,
  removeCartCoupon,
  removeFromCart,
  setCartQuantity,
  setCartReferral,
  showCart,
} from './cart.ts'
import type { Buyer, CheckoutContext } from './orders.ts'

const tags = ['cart']

/** The signed-in shopper making the request, if any (checkout is open to guests too). */
const shopperOf = (request: FastifyRequest) =>
  request.principal?.scope === 'shopper' ? request.principal.userId : undefined

/** Whose store credit pays, when the request asks for it: the signed-in shopper's or ambassador's; else a 401. */
function storeCreditOwnerOf(request: FastifyRequest, asked: boolean | undefined): string | undefined {
  if (!asked) return undefined
  const principal = request.principal
  if (principal?.scope === 'shopper' || principal?.scope === 'ambassador') return principal.userId
  throw unauthorized('Sign in to pay with your store credit', 'sign_in_required')
}

/** Who is placing an order, as the request tells: signed-in shopper, store credit asked for, referral cookie. */
export function buyerOf(request: FastifyRequest, useStoreCredit: boolean | undefined): Buyer {
  return {
    customerId: shopperOf(request),
    storeCreditUserId: storeCreditOwnerOf(request, useStoreCredit),
    signedInUserId: request.principal?.userId,
    referral: parseReferralCookie(request.cookies[REFERRAL_COOKIE]),
  }
}
const TOKEN = /^[A-Za-z0-9_-]{32}$/

/**
 * The shopper's cart at /api/store/cart, kept by an httpOnly cookie. Every change answers the whole cart, priced
 * from the catalog as it is now. Carts are created by the first change, never by looking.
 */
export async function cartRoutes(app: HttpApp, ctx: CheckoutContext) {
  const secure = ctx.config.publicUrl.startsWith('https:')
  // A shopper changes a cart a few times a minute; a script creating carts by the thousand is stopped.
  const writeLimit = { max: ctx.config.checkoutRateLimitPerMinute * 10, timeWindow: '1 minute' }
  const checkoutLimit = { max: ctx.config.checkoutRateLimitPerMinute, timeWindow: '1 minute' }

  /** The cart this request's cookie names, if it carries a well-formed one. */
  const existingCart = (request: FastifyRequest) => {
    const token = request.cookies[CART_COOKIE]
    return token && TOKEN.test(token) ? cartIdOf(token) : undefined
  }
  /** The cart to change: the cookie's, or a new one whose cookie goes out with the answer. */
  const cartToChange = (request: FastifyRequest, reply: FastifyReply) => {
    const existing = existingCart(request)
    if (existing) return existing
    const token = newCartToken()
    reply.setCookie(CART_COOKIE, token, {
      httpOnly: true,
      path: '/',
      sameSite: 'lax',
      maxAge: CART_TTL_SECONDS,
      secure,
    })
    return cartIdOf(token)
  }
  const answer = (reply: FastifyReply, cartId: string | undefined) => {
    reply.header('cache-control', 'no-store')
    return showCart(ctx, cartId)
  }
  const response = { 200: Cart }
  const write = { auth: 'public', rateLimit: writeLimit } as const

  await mountUnder(app, '/api/store/cart', async (area) => {
    area.get('/', { config: { auth: 'public' }, schema: { tags, response } }, (request, reply) =>
      answer(reply, existingCart(request)),
    )

    area.post('/lines', { config: write, schema: { tags, body: CartLineBody, response } }, async (request, reply) => {
      const cartId = cartToChange(request, reply)
      await addToCart(ctx, cartId, request.body.product_id, request.body.quantity)
      return answer(reply, cartId)
    })

    area.put(
      '/lines/:product_id',
      { config: write, schema: { tags, params: ProductIdParams, body: CartQuantityBody, response } },
      async (request, reply) => {
        const cartId = cartToChange(request, reply)
        await setCartQuantity(ctx, cartId, request.params.product_id, request.body.quantity)
        return answer(reply, cartId)
      },
    )

    area.delete(
      '/lines/:product_id',
      { config: write, schema: { tags, params: ProductIdParams, response } },
      async (request, reply) => {
        const cartId = existingCart(request)
        if (cartId) await removeFromCart(ctx, cartId, request.params.product_id)
        return answer(reply, cartId)
      },
    )

    area.put('/coupon', { config: write, schema: { tags, body: CouponCodeBody, response } }, async (request, reply) => {
      const cartId = cartToChange(request, reply)
      await applyCartCoupon(ctx, cartId, request.body.code)
      return answer(reply, cartId)
    })

    area.delete('/coupon', { config: write, schema: { tags, response } }, async (request, reply) => {
      const cartId = existingCart(request)
      if (cartId) await removeCartCoupon(ctx, cartId)
      return answer(reply, cartId)
    })

    area.put('/referral', { config: write, schema: { tags, body: ReferralBody, response } }, async (request, reply) => {
      const cartId = cartToChange(request, reply)
      await setCartReferral(ctx, cartId, request.body.code)
      return answer(reply, cartId)
    })

    area.post(
      '/checkout',
      {
        config: { auth: 'public', rateLimit: checkoutLimit },
        schema: { tags, body: CartCheckoutBody, response: { 201: PaymentSession } },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await checkoutCart(
              ctx,
              existingCart(request),
              request.body,
              buyerOf(request, request.body.use_store_credit),
            ),
          ),
    )
  })
}
