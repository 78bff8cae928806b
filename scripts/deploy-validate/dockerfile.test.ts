import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkDockerfile } from './dockerfile.ts'

const dockerfile = fileURLToPath(new URL('../../Dockerfile', import.meta.url))
let dir: string
let committed: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dockerfile-check-'))
  committed = await readFile(dockerfile, 'utf8')
})
afterAll(() => rm(dir, { recursive: true, force: true }))

let edits = 0
/** The committed Dockerfile with `from` (which must be in it) replaced by `to`, then checked. */
async function checkEdited(from: string | RegExp, to: string) {
  const edited = committed.replace(from, to)
  expect(edited, `the Dockerfile no longer contains ${String(from)}`).not.toBe(committed)
  const file = path.join(dir, `Dockerfile-${++edits}`)
  await writeFile(file, edited)
  return checkDockerfile(file)
}

describe('the Dockerfile check', () => {
  it('passes the committed Dockerfile', async () => {
    expect(await checkDockerfile()).toEqual([])
  })

  it('fails what the Docker language server lints: an unknown instruction, a bad duration', async () => {
    const problems = await checkEdited(
      'STOPSIGNAL SIGTERM',
      'STOPSIGNAL SIGTERM\nCOPPY a b\nHEALTHCHECK --interval=3x CMD true',
    )
    expect(problems).toContainEqual(expect.stringContaining('Unknown instruction: COPPY'))
    expect(problems).toContainEqual(expect.stringContaining('unknown unit x in duration 3x'))
  })

  it('fails a base image without a version, or on latest', async () => {
    const untagged = await checkEdited(/^FROM node:[^\s]+$/m, 'FROM node')
    expect(untagged).toEqual([
      expect.stringContaining('pin the base image to a version (name:1.2.3 or a digest), got "node"'),
    ])
    const latest = await checkEdited(/^FROM node:[^\s]+ AS build$/m, 'FROM node:latest AS build')
    expect(latest).toEqual([expect.stringContaining('got "node:latest"')])
  })

  it('fails `npm install` in place of `npm ci`', async () => {
    expect(await checkEdited('RUN npm ci', 'RUN npm install')).toEqual([
      expect.stringContaining('install with `npm ci`'),
    ])
  })

  it('fails a final stage that runs as root, or sets no user', async () => {
    expect(await checkEdited(/^USER .*$/m, 'USER root')).toEqual([expect.stringContaining('last USER is root')])
    expect(await checkEdited(/^USER .*$/m, 'USER 0:0')).toEqual([expect.stringContaining('last USER is root')])
    expect(await checkEdited(/^USER .*\n/m, '')).toEqual([expect.stringContaining('sets no USER')])
  })

  it('fails a final stage without a health check, or starting in shell form', async () => {
    expect(await checkEdited(/^HEALTHCHECK [^\n]*\\\n[^\n]*\n/m, '')).toEqual([
      expect.stringContaining('the final stage has no HEALTHCHECK'),
    ])
    expect(await checkEdited(/^CMD .*$/m, 'CMD node apps/server/dist/main.js')).toEqual([
      expect.stringContaining('write CMD in exec form'),
    ])
  })
})
