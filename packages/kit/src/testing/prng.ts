/**
 * mulberry32: a small seeded PRNG for property-style tests, so a failing run can be replayed from its seed.
 * `int(min, max)` is inclusive; `pick` takes one item of a non-empty list.
 */
export function prng(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: T[]): T => items[int(0, items.length - 1)] as T
  return { next, int, pick }
}
