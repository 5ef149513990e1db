// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { server as mockNetwork } from '../../demo-backend/node-mock-backend'
import { embeddedNetworkPolicy } from '../../server/embedded-delegate-policy'
import { checkTask } from '../../test/registry-servers/check-task'
import { startRegistry, type TestRegistry } from '../../test/registry-servers/registry-server'
import { createNetworkPolicy } from '../network-policy'
import { runConnectionCheck } from './run-check'

/**
 * The attack: a connector whose URL points a delegate at what it must not reach, the cloud
 * metadata service, or (for the built-in delegate) the server itself and its database. Each
 * ends as a failure in words before any request is sent; a registry on loopback still works.
 */

const docker = (url: string) => checkTask('DockerRegistry', url, { settings: { providerType: 'Other' } })
const helm = (url: string) => checkTask('HttpHelmRepo', url, { anonymous: true })

describe("the delegate's network policy", () => {
  let registry: TestRegistry

  beforeAll(async () => {
    mockNetwork.close()
    registry = await startRegistry({ auth: { htpasswd: { username: 'demo', password: 'demo-password' } } })
  })
  afterAll(() => registry?.stop())

  it('fails a test of a link-local (cloud metadata) URL with words, sending nothing', async () => {
    const outcome = await runConnectionCheck(docker('http://169.254.169.254/latest/meta-data'))
    expect(outcome.result).toMatchObject({
      status: 'FAILURE',
      failureKind: 'NETWORK_POLICY',
      errors: [{ reason: 'Refused by the Delegate Network Policy' }],
    })
    expect(outcome.result.errorSummary).toContain('The delegate does not connect to 169.254.169.254:80')
    expect(outcome.result.explanations?.join(' ')).toMatch(/link-local, where cloud metadata services answer/)
    expect(outcome.result.hints?.join(' ')).toContain('--allow-network 169.254.169.254/32')
    expect(JSON.stringify(outcome.stages)).not.toMatch(/→ \d{3}/)
    // The socket check of the Helm types is held to the same policy.
    const socket = await runConnectionCheck(helm('http://[fe80::1]:8080/charts'))
    expect(socket.result.failureKind).toBe('NETWORK_POLICY')
  })

  it('checks every address a name resolves to', async () => {
    const policy = createNetworkPolicy({ deny: ['127.0.0.0/8', '::1/128'] })
    const outcome = await runConnectionCheck(docker(registry.url.replace('127.0.0.1', 'localhost')), {
      networkPolicy: policy,
    })
    expect(outcome.result.failureKind).toBe('NETWORK_POLICY')
    expect(outcome.result.explanations?.join(' ')).toContain('--deny-network refuses')
    expect(JSON.stringify(outcome.stages)).not.toMatch(/→ \d{3}/)
  })

  it("keeps the built-in delegate off the server's own port and its database's, in any spelling", async () => {
    const serverPort = registry.port
    const policy = await embeddedNetworkPolicy({
      listeningPort: serverPort,
      databaseUrl: 'postgres://connectors@localhost:5432/connectors',
      allowNetwork: ['127.0.0.0/8'],
      denyNetwork: [],
    })
    for (const url of [
      `http://127.0.0.1:${serverPort}`,
      `http://localhost:${serverPort}`,
      `http://[::ffff:127.0.0.1]:${serverPort}`,
      `http://0.0.0.0:${serverPort}`,
    ]) {
      const outcome = await runConnectionCheck(docker(url), { networkPolicy: policy })
      expect(outcome.result.failureKind, url).toBe('NETWORK_POLICY')
    }
    // Its public address behind a proxy leads to it too (by name: the proxy's address serves others).
    const proxied = await embeddedNetworkPolicy({
      listeningPort: serverPort,
      publicUrl: 'https://localhost:8443',
      databaseUrl: 'postgres://connectors@db.invalid:6543/connectors',
      allowNetwork: [],
      denyNetwork: [],
    })
    const viaProxy = await runConnectionCheck(docker('https://localhost:8443'), { networkPolicy: proxied })
    expect(viaProxy.result.explanations?.join(' ')).toContain("this server's public address")
    // A database host that does not resolve (now) is still known by its name.
    const byName = await runConnectionCheck(helm('http://db.invalid:6543/'), { networkPolicy: proxied })
    expect(byName.result.failureKind).toBe('NETWORK_POLICY')

    const database = await runConnectionCheck(helm('http://127.0.0.1:5432/'), { networkPolicy: policy })
    expect(database.result.failureKind).toBe('NETWORK_POLICY')
    expect(database.result.explanations?.join(' ')).toContain("the server's database port")

    // A registry on loopback is what the policy is for: still reached, and it answers.
    const open = await embeddedNetworkPolicy({ listeningPort: 1, allowNetwork: [], denyNetwork: [] })
    const reached = await runConnectionCheck(docker(registry.url), { networkPolicy: open })
    expect(reached.result.status).toBe('SUCCESS')
  })
})
