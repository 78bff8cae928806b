import type { Leaderboard } from './leaderboard.ts'

export function createMemoryLeaderboard(): Leaderboard {
  let scores = new Map<string, number>()
  return {
    async increment(member, by) {
      scores.set(member, (scores.get(member) ?? 0) + by)
    },
    async ranked() {
      return [...scores].map(([member, score]) => ({ member, score })).sort((a, b) => b.score - a.score)
    },
    async replace(entries) {
      scores = new Map(entries.map((e) => [e.member, e.score]))
    },
    onReconnect() {},
    async close() {},
  }
}
