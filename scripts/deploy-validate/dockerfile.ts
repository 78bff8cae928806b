import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DockerfileParser, type Instruction } from 'dockerfile-ast'
import { validate } from 'dockerfile-utils'
import type { DeployCheck } from '../deploy-validate.ts'

const repo = fileURLToPath(new URL('../../', import.meta.url))
const DOCKERFILE = path.join(repo, 'Dockerfile')

/**
 * Lints the Dockerfile: its syntax and instructions with dockerfile-utils (the linter of the Docker language server),
 * then our rules: base images pinned to a version, `npm ci` (never `npm install`), and a final stage that runs as a
 * user other than root, checks its health, and starts in exec form so SIGTERM reaches the server.
 */
export async function checkDockerfile(file = DOCKERFILE): Promise<string[]> {
  const name = file.startsWith(repo) ? path.relative(repo, file) : file
  const content = await readFile(file, 'utf8')
  const problems = validate(content).map((d) => `${name}:${d.range.start.line + 1}: ${d.message}`)

  const dockerfile = DockerfileParser.parse(content)
  const at = (instruction: Instruction) => `${name}:${instruction.getRange().start.line + 1}`
  const froms = dockerfile.getFROMs()
  const stages = new Set(froms.map((from) => from.getBuildStage()?.toLowerCase()).filter(Boolean))
  for (const from of froms) {
    const image = from.getImageName()
    if (image !== null && stages.has(image.toLowerCase())) continue
    const tag = from.getImageTag()
    if (from.getImageDigest() === null && (tag === null || tag === 'latest' || !/\d+\.\d+/.test(tag))) {
      problems.push(`${at(from)}: pin the base image to a version (name:1.2.3 or a digest), got "${from.getImage()}"`)
    }
  }
  for (const run of dockerfile.getInstructions().filter((i) => i.getKeyword() === 'RUN')) {
    if (/\bnpm (install|i)\b/.test(run.getArgumentsContent() ?? '')) {
      problems.push(`${at(run)}: install with \`npm ci\` (the lockfile, exactly), not \`npm install\``)
    }
  }

  const final = froms.at(-1)
  if (!final) return [...problems, `${name}: no FROM`]
  const finalStage = dockerfile.getInstructions().filter((i) => i.getRange().start.line >= final.getRange().start.line)
  const last = (keyword: string) => finalStage.filter((i) => i.getKeyword() === keyword).at(-1)

  const user = last('USER')?.getArgumentsContent()?.split(':')[0]
  if (user === undefined) problems.push(`${name}: the final stage sets no USER, so the server would run as root`)
  else if (user === 'root' || user === '0') problems.push(`${name}: the final stage's last USER is root`)
  const healthcheck = last('HEALTHCHECK')
  if (!healthcheck || /^NONE\b/i.test(healthcheck.getArgumentsContent() ?? '')) {
    problems.push(`${name}: the final stage has no HEALTHCHECK`)
  }
  for (const keyword of ['CMD', 'ENTRYPOINT']) {
    const instruction = last(keyword)
    if (instruction && !(instruction.getArgumentsContent() ?? '').trimStart().startsWith('[')) {
      problems.push(`${at(instruction)}: write ${keyword} in exec form (["node", …]) so signals reach the server`)
    }
  }
  if (!last('CMD') && !last('ENTRYPOINT')) problems.push(`${name}: the final stage says nothing to run (CMD)`)
  return problems
}

export default {
  name: 'Dockerfile (dockerfile-utils lint and our rules)',
  check: () => checkDockerfile(),
} satisfies DeployCheck
