import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { screen, within } from '@testing-library/react'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { call, PAYMENTS } from '../backend/api-test-helpers'
import type * as AuthMethodsModule from '../connector-types/auth-methods'
import type * as RegistryModule from '../connector-types/registry'
import { mockStore, server } from '../demo-backend/node-mock-backend'
import type { ConnectorInfo, ConnectorResponse, ConnectorValidationResult } from '../lib/api-types'
import type * as ProtocolsModule from './protocols'

// The seventh protocol and its type join the two lists here and nowhere else: the registry line
// and the protocol line a real one would add. Everything else is in test-fixtures/release-files/.
vi.mock('../connector-types/registry', async (importOriginal) => {
  const registry = await importOriginal<typeof RegistryModule>()
  const { RELEASE_FILES_TYPE: seventh } = await import('./test-fixtures/release-files/connector-type')
  const types = [...registry.CONNECTOR_TYPES, seventh]
  const findConnectorType = (type: string) => types.find((definition) => definition.type === type)
  return {
    ...registry,
    CONNECTOR_TYPES: types,
    findConnectorType,
    getConnectorType: (type: string) => findConnectorType(type) ?? registry.getConnectorType(type),
  }
})
// The bearer-token method joins the table of methods the same way: one entry, nowhere else.
vi.mock('../connector-types/auth-methods', async (importOriginal) => {
  const methods = await importOriginal<typeof AuthMethodsModule>()
  const { BEARER_TOKEN_METHOD } = await import('../connector-types/test-fixtures/bearer-token-method')
  Object.assign(methods.AUTH_METHODS, { BearerToken: BEARER_TOKEN_METHOD })
  return methods
})
vi.mock('./protocols', async (importOriginal) => {
  const list = await importOriginal<typeof ProtocolsModule>()
  const { RELEASE_FILES_PROTOCOL } = await import('./test-fixtures/release-files/protocol')
  const protocols = [...list.PROTOCOLS, RELEASE_FILES_PROTOCOL]
  return { ...list, PROTOCOLS: protocols, findProtocol: (id: string) => protocols.find((one) => one.id === id) }
})

const TOKEN = 'rf-token-5d1c9e'

/** A release file server on loopback: RELEASES under /rel, its header on every answer. */
let files: Server
let base = ''
beforeAll(async () => {
  files = createServer((request, response) => {
    response.setHeader('X-Release-Files', '1')
    if (request.url === '/rel/RELEASES') response.end('1.0.0\n1.1.0\n2.0.0\n')
    else if (request.url === '/secure/RELEASES') {
      if (request.headers.authorization === `Bearer ${TOKEN}`) response.end('1.0.0\n')
      else response.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="releases"' }).end()
    } else response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => files.close(() => resolve())))

function connectorAt(url: string): ConnectorInfo {
  return {
    name: 'Release folder',
    identifier: 'Release_folder',
    orgIdentifier: 'default',
    projectIdentifier: 'payments',
    tags: {},
    type: 'ReleaseFiles',
    spec: { releaseFolderUrl: url, auth: { type: 'Anonymous' }, delegateSelectors: [] },
  }
}

describe('a seventh protocol, defined only in its own fixture folder', () => {
  beforeEach(async () => {
    // The shared test backend was loaded before this file's mocks: load copies that see them.
    vi.resetModules()
    const { createHandlers } = await import('../demo-backend/msw-host')
    server.use(...createHandlers({ store: mockStore, latency: 0 }))
  })

  it('walks catalog, wizard and save, and the simulated test passes against its own server', async () => {
    const { ConnectorsPage } = await import('../connectors/connectors-page')
    const { renderWithProviders } = await import('../test/render-with-providers')
    const { user } = renderWithProviders(<ConnectorsPage />)
    await user.click(await screen.findByRole('button', { name: 'New Connector' }))
    const catalog = await screen.findByRole('dialog', { name: 'New Connector' })
    await user.click(await within(catalog).findByRole('button', { name: 'Release Files' }))

    const wizard = await screen.findByRole('dialog', { name: 'New Release Files connector' })
    await user.type(within(wizard).getByRole('textbox', { name: 'Name' }), 'Release folder')
    await user.click(within(wizard).getByRole('button', { name: 'Continue' }))
    await within(wizard).findByRole('heading', { name: 'Details' })
    // The test-only method is offered with its own field, from its entry alone.
    await user.click(within(wizard).getByRole('radio', { name: 'Bearer Token' }))
    expect(within(wizard).getByRole('button', { name: /Create or Select a Secret for the token/ })).toBeInTheDocument()
    await user.click(within(wizard).getByRole('radio', { name: 'Anonymous (no credentials required)' }))
    await user.type(within(wizard).getByRole('textbox', { name: 'Release Folder URL' }), 'https://files.acme.test/rel')
    await user.click(within(wizard).getByRole('button', { name: 'Continue' }))
    await within(wizard).findByRole('heading', { name: 'Delegates Setup' })
    await user.click(within(wizard).getByRole('button', { name: 'Save and Continue' }))
    await within(wizard).findByRole('heading', { name: 'Test Connection' })

    expect(await within(wizard).findByText('Connection successful', {}, { timeout: 5000 })).toBeInTheDocument()
    const saved = await call<ConnectorResponse>('GET', '/ng/api/connectors/Release_folder', { scope: PAYMENTS })
    expect(saved.data.connector).toMatchObject({
      type: 'ReleaseFiles',
      spec: { releaseFolderUrl: 'https://files.acme.test/rel' },
    })
  })

  it('simulates its one failure, in its own words', async () => {
    const { simulateConnectionTest } = await import('../backend/simulator/connection-test-simulator')
    const { DELEGATES, SECRETS } = await import('../backend/simulator/test-fixtures')
    const plan = simulateConnectionTest({
      connector: connectorAt('https://files.acme.test/elsewhere'),
      resolveSecret: (reference) => SECRETS[reference],
      delegates: DELEGATES,
      now: Date.UTC(2025, 5, 1),
    })
    expect(plan.stages.map((stage) => stage.title)).toEqual([
      'Assign a delegate',
      'Check that https://files.acme.test/elsewhere is reachable',
      'Read the RELEASES listing',
    ])
    expect(plan.result).toMatchObject({ status: 'FAILURE', failureKind: 'NOT_FOUND' })
    expect(plan.result.hints).toEqual([
      'Enter the folder that holds RELEASES; https://files.acme.test/elsewhere has none.',
    ])
  })

  it('runs its real check against a server on loopback, and recognises that server elsewhere', async () => {
    const { runConnectionCheck } = await import('../delegate-agent/checks/run-check')
    const passed = await runConnectionCheck({ connector: connectorAt(`${base}/rel`), secrets: {} })
    expect(passed.result.status).toBe('SUCCESS')
    expect(passed.stages.at(-1)?.log.join('\n')).toContain(`GET ${base}/rel/RELEASES (no credentials) → 200 OK`)

    // The probe of a pasted URL runs the same check from a type and a spec, with nothing stored.
    const { runCheckFromSpec } = await import('../delegate-agent/checks/run-check')
    const probed = await runCheckFromSpec('ReleaseFiles', { releaseFolderUrl: `${base}/rel` }, {})
    expect(probed.result.status).toBe('SUCCESS')

    const missing = await runConnectionCheck({ connector: connectorAt(`${base}/other`), secrets: {} })
    expect(missing.result).toMatchObject({ status: 'FAILURE', failureKind: 'NOT_FOUND' })

    // Another protocol's check meets this server: the recogniser from the fixture folder names it.
    const docker = connectorAt(`${base}/rel`)
    const wrong = await runConnectionCheck({
      connector: {
        ...docker,
        type: 'DockerRegistry',
        spec: { dockerRegistryUrl: `${base}/rel`, providerType: 'Other', auth: { type: 'Anonymous' } },
      },
      secrets: {},
    })
    expect(wrong.result).toMatchObject({ status: 'FAILURE', failureKind: 'WRONG_SERVER' })
    expect(wrong.result.hints?.[0]).toContain('is a release file server: use a Release Files connector for it')
  })

  it('tests a bearer-token connector in the simulated world, and the API checks the method’s body', async () => {
    const body = (tokenRef: string, identifier: string) => ({
      connector: {
        ...connectorAt('https://files.acme.test/rel'),
        identifier,
        name: identifier,
        spec: { releaseFolderUrl: 'https://files.acme.test/rel', auth: { type: 'BearerToken', spec: { tokenRef } } },
      },
    })
    expect(
      (await call('POST', '/ng/api/connectors', { scope: PAYMENTS, body: body('demo_password', 'tok_good') })).status,
    ).toBe(200)
    expect(
      (await call('POST', '/ng/api/connectors', { scope: PAYMENTS, body: body('old_password', 'tok_old') })).status,
    ).toBe(200)
    const refused = await call('POST', '/ng/api/connectors', {
      scope: PAYMENTS,
      body: body('', 'tok_none'),
    })
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('spec.auth.spec.tokenRef')

    const good = await call<ConnectorValidationResult>('POST', '/ng/api/connectors/testConnection/tok_good', {
      scope: PAYMENTS,
    })
    expect(good.data.status).toBe('SUCCESS')
    expect(good.data.stages.map((stage) => stage.title)).toContain('Resolve the token secret')
    const log = good.data.stages.flatMap((stage) => stage.log).join('\n')
    expect(log).toContain(
      'GET https://files.acme.test/rel/RELEASES (Authorization: Bearer, token from secret demo_password) → 200 OK',
    )
    expect(JSON.stringify(good.data)).not.toContain('demo-password')

    const old = await call<ConnectorValidationResult>('POST', '/ng/api/connectors/testConnection/tok_old', {
      scope: PAYMENTS,
    })
    expect(old.data).toMatchObject({ status: 'FAILURE', failureKind: 'BAD_CREDENTIALS' })
    expect(old.data.hints?.[0]).toBe(
      'Check the value of the secret old_password; if the token was revoked or has expired, create a new one and update the secret.',
    )
  })

  it('sends a bearer token in its real check, and never writes it', async () => {
    const { runCheckFromSpec } = await import('../delegate-agent/checks/run-check')
    const spec = {
      releaseFolderUrl: `${base}/secure`,
      auth: { type: 'BearerToken', spec: { tokenRef: 'release_token' } },
    }
    const passed = await runCheckFromSpec('ReleaseFiles', spec, { release_token: TOKEN })
    expect(passed.result.status).toBe('SUCCESS')
    const refused = await runCheckFromSpec('ReleaseFiles', spec, { release_token: 'not-the-token' })
    expect(refused.result).toMatchObject({ status: 'FAILURE', failureKind: 'BAD_CREDENTIALS' })
    const missing = await runCheckFromSpec('ReleaseFiles', spec, {})
    expect(missing.result).toMatchObject({ status: 'FAILURE', failureKind: 'MISSING_SECRET' })
    for (const outcome of [passed, refused]) {
      expect(JSON.stringify(outcome)).not.toContain(TOKEN)
      expect(JSON.stringify(outcome)).not.toContain('not-the-token')
    }
  })

  it('round-trips through Harness YAML', async () => {
    const { connectorFromYaml, connectorToYaml } = await import('../connector-types/connector-yaml')
    const connector = connectorAt('https://files.acme.test/rel')
    const read = connectorFromYaml(connectorToYaml(connector))
    if ('error' in read) throw new Error(read.error)
    expect(read.connector).toEqual(connector)
    const withToken = {
      ...connector,
      spec: { ...connector.spec, auth: { type: 'BearerToken', spec: { tokenRef: 'org.release_token' } } },
    }
    const yaml = connectorToYaml(withToken)
    expect(yaml).toContain('tokenRef: org.release_token')
    const readToken = connectorFromYaml(yaml)
    if ('error' in readToken) throw new Error(readToken.error)
    expect(readToken.connector).toEqual(withToken)
  })
})

it('needs nothing outside its folder but the list lines this test adds, and its method nothing but its entry', async () => {
  const { execFileSync } = await import('node:child_process')
  // Every file that names the fixture's protocol or type, tests and fixtures included.
  const named = execFileSync(
    'git',
    [
      'grep',
      '--untracked',
      '-l',
      // Whole words: resolveBearerToken is the product's own bearer kind, not this method.
      '-w',
      '-e',
      'release-files',
      '-e',
      'ReleaseFiles',
      '-e',
      'BearerToken',
      '--',
      'src',
      'e2e',
      'bench',
    ],
    {
      encoding: 'utf8',
    },
  )
  const outside = named
    .split('\n')
    .filter((file) => file && !file.startsWith('src/protocols/test-fixtures/release-files/'))
  expect(outside).toEqual([
    'src/connector-types/test-fixtures/bearer-token-method.ts',
    'src/protocols/seventh-protocol.test.tsx',
  ])
})
