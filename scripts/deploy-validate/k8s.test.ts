import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { checkOverlay, checkOverlays, OVERLAYS } from './k8s.ts'

const k8s = fileURLToPath(new URL('../../deploy/k8s/', import.meta.url))
const copies: string[] = []

/** A copy of deploy/k8s with one file edited; answers the problems the check finds in the given overlay. */
async function checkEdited(overlay: 'dev' | 'prod', file: string, edit: (text: string) => string) {
  const root = await mkdtemp(path.join(tmpdir(), 'ambassador-k8s-'))
  copies.push(root)
  await cp(k8s, root, { recursive: true })
  const target = path.join(root, file)
  const before = await readFile(target, 'utf8')
  const after = edit(before)
  expect(after, `the edit of ${file} changed nothing`).not.toBe(before)
  await writeFile(target, after)
  return checkOverlay(path.join(root, 'overlays', overlay), OVERLAYS[overlay] ?? { outOfBand: [], tls: false })
}

afterEach(async () => {
  await Promise.all(copies.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

describe('the Kubernetes manifests', () => {
  it('pass every check in both overlays', async () => {
    expect(await checkOverlays()).toEqual([])
  })

  it('fail when a service container loses its readiness probe', async () => {
    const problems = await checkEdited('prod', 'base/services/checkout.yaml', (text) =>
      text.replace(/ {10}readinessProbe:\n(?: {12}.*\n)+/, ''),
    )
    expect(problems).toContain('Deployment/checkout container checkout has no readiness probe')
  })

  it('fail when a count is a string', async () => {
    const problems = await checkEdited('dev', 'base/services/users.yaml', (text) =>
      text.replace('  revisionHistoryLimit: 5', '  replicas: two\n  revisionHistoryLimit: 5'),
    )
    expect(problems.join('\n')).toMatch(/Deployment\/users: .*spec\/replicas must be integer/)
  })

  it('fail when a backing service may write its root filesystem or run as root', async () => {
    const problems = await checkEdited('dev', 'overlays/dev/postgres.yaml', (text) =>
      text
        .replace('readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false')
        .replaceAll('runAsNonRoot: true', 'runAsNonRoot: false'),
    )
    expect(problems).toEqual(
      expect.arrayContaining([
        'StatefulSet/postgres container postgres can write its root filesystem (readOnlyRootFilesystem: true)',
        'StatefulSet/postgres container postgres may run as root (runAsNonRoot)',
      ]),
    )
  })

  it('fail when a container has no memory limit', async () => {
    const problems = await checkEdited('dev', 'overlays/dev/mailpit.yaml', (text) =>
      text.replace('              memory: 128Mi\n', ''),
    )
    expect(problems).toContain('Deployment/mailpit container mailpit has no memory limit')
  })

  it('fail when a field of a built-in kind is misspelt', async () => {
    const problems = await checkEdited('dev', 'overlays/dev/mailpit.yaml', (text) =>
      text.replace('enableServiceLinks: false', 'enableServiceLink: false').replace('path: /livez', 'pth: /livez'),
    )
    expect(problems).toEqual([
      'Deployment/mailpit: /spec/template/spec/containers[0]/readinessProbe/httpGet/pth is no field of HTTPGetAction',
      'Deployment/mailpit: /spec/template/spec/enableServiceLink is no field of PodSpec',
    ])
  })

  it("fail when an operator's resource has a field its CRD does not know", async () => {
    const problems = await checkEdited('prod', 'overlays/prod/kafka.yaml', (text) =>
      text.replace('  replicas: 3\n  roles:', '  replica: 3\n  roles:'),
    )
    expect(problems).toEqual(
      expect.arrayContaining([
        'KafkaNodePool/combined: /spec has a field the schema does not know: replica',
        "KafkaNodePool/combined: /spec must have required property 'replicas'",
      ]),
    )
  })

  it('fail when the Ingress drops a route of the gateway', async () => {
    const problems = await checkEdited('dev', 'base/ingress.yaml', (text) =>
      text.replace(/^.*\/api\/admin\/payouts.*\n/m, ''),
    )
    expect(problems).toEqual([
      'the gateway routes /api/admin/payouts(/|$) → ambassador (body up to 1m); the Ingress does not',
    ])
  })

  it('fail when a stream has no KafkaTopic', async () => {
    const problems = await checkEdited('prod', 'overlays/prod/kafka-topics.yaml', (text) =>
      text
        .split('\n---\n')
        .filter((topic) => !topic.includes('  name: orders\n'))
        .join('\n---\n'),
    )
    expect(problems).toEqual(['no KafkaTopic for the stream orders'])
  })

  it('fail when a service reads a secret key the dev secrets lack', async () => {
    const problems = await checkEdited('dev', 'overlays/dev/secrets.example.env', (text) =>
      text.replace(/^STORE_DATABASE_URL=.*\n/m, ''),
    )
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Deployment\/store container store reads STORE_DATABASE_URL from Secret\/ambassador-secrets-\w+, which has no such key$/,
        ),
      ]),
    )
  })

  it('fail when the prod Ingress loses its TLS', async () => {
    const problems = await checkEdited('prod', 'overlays/prod/kustomization.yaml', (text) =>
      text.replace(/ {6}- op: add\n {8}path: \/spec\/tls\n(?: {8}.*\n)+/, ''),
    )
    expect(problems).toEqual([
      'Ingress/ambassador serves shop.example.com without TLS',
      'Ingress/ambassador-uploads serves shop.example.com without TLS',
    ])
  })

  it('fail when the pods the NetworkPolicies let the services reach lose their label', async () => {
    const problems = await checkEdited('dev', 'components/redis/redis.yaml', (text) =>
      text.replace('        ambassador.dev/provides: cache\n', ''),
    )
    expect(problems).toEqual(['no pod is labelled ambassador.dev/provides: cache, so the services cannot reach one'])
  })

  it("report kustomize's own error for a kustomization that does not build", async () => {
    const problems = await checkEdited('dev', 'overlays/dev/kustomization.yaml', (text) =>
      text.replace('  - kafka.yaml\n', '  - kafka.yaml\n  - missing.yaml\n'),
    )
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/kubectl kustomize .* failed: .*missing\.yaml/)
  })
})
