// node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]
// Where a V8 CPU profile's time went: self time by function and by package, so a missed target can name its cause.
import { readFileSync } from 'node:fs'

type Node = {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}
type Profile = { nodes: Node[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

/** Self time (ms) per function and per package of a CPU profile, largest first. */
export function summarizeProfile(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  for (const [i, id] of profile.samples.entries()) {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  const functions = new Map<string, number>()
  const packages = new Map<string, number>()
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = byId.get(id)?.callFrame ?? { functionName: '?', url: '', lineNumber: 0 }
    const where = url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '')
    functions.set(
      `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`,
      (functions.get(`${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`) ?? 0) + ms,
    )
    const pkg =
      url === ''
        ? functionName
        : url.includes('/node_modules/')
          ? (/node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? url)
          : url.startsWith('node:')
            ? 'node core'
            : 'ours'
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms)
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1])
  return { totalMs: total, functions: sorted(functions), packages: sorted(packages) }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2]
  if (!file) throw new Error('usage: bench/profile-summary.ts <file.cpuprofile> [top]')
  const top = Number(process.argv[3] ?? 25)
  const { totalMs, functions, packages } = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile)
  const pct = (ms: number) => `${((ms / totalMs) * 100).toFixed(1).padStart(5)}%`
  process.stdout.write(`${Math.round(totalMs)} ms sampled\n\nby package:\n`)
  process.stdout.on('error', () => process.exit(0)) // piped into head
  for (const [name, ms] of packages.slice(0, top)) process.stdout.write(`${pct(ms)}  ${name}\n`)
  process.stdout.write('\nby function (self time):\n')
  for (const [name, ms] of functions.slice(0, top)) process.stdout.write(`${pct(ms)}  ${name}\n`)
}
