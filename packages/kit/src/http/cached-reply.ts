import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Cache, CacheSlot } from '../cache/cache.ts'
import { cacheLookups } from '../metrics/metrics.ts'
import { type PreparedBody, prepareBody, sendPrepared } from './prepared-body.ts'

const JSON_TYPE = 'application/json; charset=utf-8'
/** Prepared bodies kept in this process, per scope and scopes in all; the least recently used go first beyond. */
const MAX_PER_SCOPE = 1_000
const MAX_SCOPES = 10_000

type Kept = { body: PreparedBody; expiresAt: number }
type ScopeMemo = { generation: string; bodies: Map<string, Kept>; pending: Map<string, Promise<PreparedBody>> }

/**
 * Each process keeps the bodies it prepared (serialized, compressed on demand), by scope and generation, so a
 * hit costs one generation lookup — no parsing, no serializing, no compressing. The shared cache (Redis when
 * distributed) holds the serialized text, so replicas fill each other and an invalidation reaches them all.
 */
const memos = new WeakMap<Cache, Map<string, ScopeMemo>>()

function memoOf(cache: Cache, scope: string, generation: string): ScopeMemo {
  let scopes = memos.get(cache)
  if (!scopes) {
    scopes = new Map()
    memos.set(cache, scopes)
  }
  let memo = scopes.get(scope)
  scopes.delete(scope) // most recently used last
  if (!memo || memo.generation !== generation) {
    memo = { generation, bodies: new Map(), pending: new Map() }
    if (scopes.size >= MAX_SCOPES) scopes.delete(scopes.keys().next().value as string)
  }
  scopes.set(scope, memo)
  return memo
}

/**
 * Answers a GET from the cache: the JSON the route's response schema makes of `compute()`'s value, kept until
 * the slot's scope is invalidated or its TTL passes, and sent compressed when the client accepts it. Concurrent
 * misses for one key compute once.
 */
export async function cachedReply(
  cache: Cache,
  request: FastifyRequest,
  reply: FastifyReply,
  slot: CacheSlot,
  compute: () => Promise<unknown>,
) {
  const generation = await cache.generation(slot.scope)
  if (generation === undefined) {
    cacheLookups.miss++
    return sendPrepared(request, reply, prepareBody(reply.serialize(await compute()) as string, JSON_TYPE))
  }
  const memo = memoOf(cache, slot.scope, generation)
  const kept = memo.bodies.get(slot.key)
  if (kept) {
    memo.bodies.delete(slot.key)
    if (kept.expiresAt > Date.now()) {
      memo.bodies.set(slot.key, kept) // most recently used last
      cacheLookups.hit++
      return sendPrepared(request, reply, kept.body)
    }
  }

  let pending = memo.pending.get(slot.key)
  if (!pending) {
    pending = (async () => {
      let text = await cache.get(slot.scope, generation, slot.key)
      if (text === undefined) cacheLookups.miss++
      else cacheLookups.hit++
      if (text === undefined) {
        text = reply.serialize(await compute()) as string
        await cache.set(slot.scope, generation, slot.key, text, slot.ttlSeconds)
      }
      const body = prepareBody(text, JSON_TYPE)
      if (memo.bodies.size >= MAX_PER_SCOPE) memo.bodies.delete(memo.bodies.keys().next().value as string)
      memo.bodies.set(slot.key, { body, expiresAt: Date.now() + slot.ttlSeconds * 1000 })
      return body
    })().finally(() => memo.pending.delete(slot.key))
    memo.pending.set(slot.key, pending)
  }
  return sendPrepared(request, reply, await pending)
}
