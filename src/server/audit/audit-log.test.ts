// @vitest-environment node
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { server as mockServiceWorker } from '../../demo-backend/node-mock-backend'
import { startTsProcess, type StartedProcess } from '../../test/processes'

/**
 * `--audit-log <file>`: each committed event as one JSON line for a log shipper, never a secret's
 * value; a refused change writes nothing.
 */

let dir = ''
let server: StartedProcess
let base = ''

beforeAll(async () => {
  mockServiceWorker.close()
  dir = await mkdtemp(path.join(tmpdir(), 'audit-log-'))
  server = startTsProcess(
    'src/server/main.ts',
    [
      '--port',
      '0',
      '--simulated-world',
      '--data',
      path.join(dir, 'data'),
      '--dist',
      path.join(dir, 'no-dist'),
      '--audit-log',
      path.join(dir, 'audit.jsonl'),
    ],
    { CONNECTORS_SECRET_KEY: '', CONNECTORS_SECRET_KEY_FILE: '', DATABASE_URL: '' },
  )
  ;[, base = ''] = await server.waitFor(/Artifact Repository Connectors: (http:\/\/\S+)/, 90_000)
  base = base.replace(/\/$/, '')
}, 120_000)

afterAll(async () => {
  await server?.stop()
  await rm(dir, { recursive: true, force: true })
})

const PAYMENTS = 'accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments'

function post(pathAndQuery: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}${pathAndQuery}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
}

it('writes each committed event as a JSON line, with no secret value and nothing for a refusal', async () => {
  const value = 'a-value-that-must-not-be-streamed'
  const secret = await post(`/ng/api/v2/secrets?${PAYMENTS}`, {
    secret: {
      type: 'SecretText',
      name: 'Streamed',
      identifier: 'streamed',
      orgIdentifier: 'default',
      projectIdentifier: 'payments',
      tags: {},
      spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', value },
    },
  })
  expect(secret.status).toBe(200)
  const connector = {
    connector: {
      name: 'Streamed hub',
      identifier: 'streamed_hub',
      orgIdentifier: 'default',
      projectIdentifier: 'payments',
      type: 'DockerRegistry',
      tags: {},
      spec: { dockerRegistryUrl: 'https://registry.example', providerType: 'Other', auth: { type: 'Anonymous' } },
    },
  }
  expect((await post(`/ng/api/connectors?${PAYMENTS}`, connector)).status).toBe(200)
  // Refused: the demo's Project Viewer may not create; nothing is written for it.
  const refused = await post(
    `/ng/api/connectors?${PAYMENTS}`,
    { connector: { ...connector.connector, identifier: 'refused_hub' } },
    { 'x-demo-view-as': 'demo_project_viewer' },
  )
  expect(refused.status).toBe(403)

  let lines: { sequence: number; action: string; resourceType: string; resourceIdentifier: string }[] = []
  for (let attempt = 0; attempt < 50 && lines.length < 2; attempt++) {
    const text = await readFile(path.join(dir, 'audit.jsonl'), 'utf8').catch(() => '')
    lines = text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as (typeof lines)[number])
    if (lines.length < 2) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  expect(lines.map((line) => [line.action, line.resourceType, line.resourceIdentifier])).toEqual([
    ['CREATE', 'SECRET', 'streamed'],
    ['CREATE', 'CONNECTOR', 'streamed_hub'],
  ])
  expect(lines[1]!.sequence).toBe(lines[0]!.sequence + 1)
  const text = await readFile(path.join(dir, 'audit.jsonl'), 'utf8')
  expect(text).not.toContain(value)
  expect(text).not.toContain('refused_hub')
}, 60_000)
