// @vitest-environment node
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { allowedHostHeaders, isLoopbackHost, serverUrl } from './host-names'
import { DEFAULT_MAX_BODY_BYTES, OPTIONS, parseServerOptions, resolveApiKey, UsageError, USAGE } from './server-options'

describe('parseServerOptions', () => {
  it('listens by default on another port than npm run demo, so both can run at once', () => {
    const scripts = (
      JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
        scripts: Record<string, string>
      }
    ).scripts
    const demoPort = Number(/--port (\d+)/.exec(scripts.demo ?? '')?.[1])
    expect(demoPort).toBe(5173)
    expect(parseServerOptions([], {}).port).not.toBe(demoPort)
    expect(USAGE).toContain(`default ${parseServerOptions([], {}).port};`)
  })

  it('defaults to loopback port 8080, ./data and ./dist', () => {
    expect(parseServerOptions([], {})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: './data',
      databaseUrl: undefined,
      distDir: './dist',
      simulatedWorld: false,
      apiKey: undefined,
      extraAllowedHosts: [],
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      help: false,
      createDatabaseOnly: false,
      embeddedDelegate: true,
      delegateTags: [],
      delegateConcurrency: 8,
      caFiles: [],
      trustProxy: false,
      allowNetwork: [],
      denyNetwork: [],
      accountName: 'Default Account',
      signIn: true,
      sessionIdleHours: 24,
      sessionMaxDays: 7,
      auditRetentionDays: 730,
    })
  })

  it('reads the account a first start creates, from --account or CONNECTORS_ACCOUNT', () => {
    expect(parseServerOptions(['--account', 'Acme Corp'], {}).accountName).toBe('Acme Corp')
    expect(parseServerOptions([], { CONNECTORS_ACCOUNT: 'acme' }).accountName).toBe('acme')
    expect(() => parseServerOptions(['--account', '  '], {})).toThrow('--account: Name is required.')
  })

  it('reads single sign-on: issuer and client id together, the secret from the environment only', () => {
    expect(
      parseServerOptions(['--oidc-issuer', 'https://login.example/realms/acme', '--oidc-client-id', 'arc'], {
        CONNECTORS_OIDC_CLIENT_SECRET: 's3cret',
      }).oidc,
    ).toEqual({
      issuer: 'https://login.example/realms/acme',
      clientId: 'arc',
      clientSecret: 's3cret',
      groupsClaim: 'groups',
    })
    expect(() => parseServerOptions(['--oidc-issuer', 'https://login.example'], {})).toThrow(/go together/)
  })

  it('reads the session lifetimes and --no-sign-in', () => {
    expect(
      parseServerOptions(['--session-idle-hours', '2', '--session-max-days', '30', '--no-sign-in'], {}),
    ).toMatchObject({ signIn: false, sessionIdleHours: 2, sessionMaxDays: 30 })
    expect(() => parseServerOptions(['--session-max-days', '0'], {})).toThrow(UsageError)
  })

  it('reads the built-in delegate options', () => {
    const options = parseServerOptions(
      ['--delegate-tags', ' east, docker ,', '--delegate-concurrency', '3', '--ca-file', 'a.pem', '--ca-file', 'b.pem'],
      {},
    )
    expect(options).toMatchObject({
      embeddedDelegate: true,
      delegateTags: ['east', 'docker'],
      delegateConcurrency: 3,
      caFiles: ['a.pem', 'b.pem'],
    })
    expect(parseServerOptions(['--no-delegate'], {}).embeddedDelegate).toBe(false)
    expect(parseServerOptions([], { CONNECTORS_DELEGATE_TAGS: 'lab' }).delegateTags).toEqual(['lab'])
    expect(() => parseServerOptions(['--delegate-concurrency', '0'], {})).toThrow(UsageError)
  })

  it('reads the flags, in both spellings', () => {
    const options = parseServerOptions(
      [
        '--port=8080',
        '--host',
        '0.0.0.0',
        '--data',
        '/srv/connectors',
        '--allowed-host',
        'Connectors.Example',
        '--allowed-host=other.example:9000',
        '--api-key',
        'a-long-enough-api-key',
        '--max-body-bytes',
        '2048',
        '--dist',
        'build',
      ],
      {},
    )
    expect(options).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/srv/connectors',
      distDir: 'build',
      simulatedWorld: false,
      apiKey: 'a-long-enough-api-key',
      extraAllowedHosts: ['connectors.example', 'other.example:9000'],
      maxBodyBytes: 2048,
    })
  })

  it('reads PORT, HOST, DATABASE_URL, CONNECTORS_API_KEY and CONNECTORS_SIMULATED_WORLD', () => {
    const options = parseServerOptions([], {
      PORT: '9000',
      HOST: '::1',
      DATABASE_URL: 'postgres://db/connectors',
      CONNECTORS_API_KEY: 'key-from-the-environment',
      CONNECTORS_SIMULATED_WORLD: '1',
    })
    expect(options).toMatchObject({
      port: 9000,
      host: '::1',
      databaseUrl: 'postgres://db/connectors',
      apiKey: 'key-from-the-environment',
      simulatedWorld: true,
    })
    expect(parseServerOptions([], { CONNECTORS_SIMULATED_WORLD: '0' }).simulatedWorld).toBe(false)
    expect(parseServerOptions([], { DATABASE_URL: '' }).databaseUrl).toBeUndefined()
  })

  it('keeps the simulated world, which has no sign-in, to this machine', () => {
    expect(parseServerOptions(['--simulated-world', '--host', 'localhost'], {}).simulatedWorld).toBe(true)
    expect(parseServerOptions(['--simulated-world', '--host', '[::1]'], {}).simulatedWorld).toBe(true)
    for (const host of ['0.0.0.0', '192.168.1.20', 'connectors.example']) {
      expect(() => parseServerOptions(['--simulated-world', '--host', host], {})).toThrow(
        `--simulated-world has no sign-in, so it listens on this machine only (127.0.0.1, ::1 or localhost), not on ${host}.`,
      )
    }
    expect(() => parseServerOptions(['--host', '0.0.0.0'], { CONNECTORS_SIMULATED_WORLD: '1' })).toThrow(UsageError)
  })

  it('lets the flags win over the environment', () => {
    const options = parseServerOptions(['--port', '1234', '--host', 'localhost'], { PORT: '9000', HOST: '0.0.0.0' })
    expect(options).toMatchObject({ port: 1234, host: 'localhost' })
  })

  it('takes a bracketed IPv6 host', () => {
    expect(parseServerOptions(['--host', '[::1]'], {}).host).toBe('::1')
  })

  it.each([
    [['--port', 'http'], /not a whole number/],
    [['--port', '70000'], /between 0 and 65535/],
    [['--port', '-1'], /./],
    [['--host', ''], /needs a value/],
    [['--api-key', 'short'], /at least 16/],
    [['--allowed-host', 'http://x.example/'], /not a host name/],
    [['--max-body-bytes', '0'], /between/],
    [['--frobnicate'], /frobnicate/],
    [['stray'], /stray/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseServerOptions(argv, {})).toThrow(UsageError)
    expect(() => parseServerOptions(argv, {})).toThrow(message)
  })

  it('asks for help', () => {
    expect(parseServerOptions(['--help'], {}).help).toBe(true)
  })

  it.each(Object.keys(OPTIONS))('--%s is in --help', (name) => {
    expect(USAGE).toMatch(new RegExp(`^  --${name}\\b`, 'm'))
  })
})

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true)
  })
  it.each(['0.0.0.0', '::', '192.168.1.5', 'example.com', '127.0.0.1.example.com'])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false)
  })
})

describe('allowedHostHeaders', () => {
  it('serves the loopback names at the port when bound to loopback', () => {
    expect(allowedHostHeaders({ host: '127.0.0.1', port: 5173 })).toEqual([
      '127.0.0.1:5173',
      'localhost:5173',
      '[::1]:5173',
    ])
  })

  it('adds the bound host and the extra hosts, at the port and bare unless they name one', () => {
    expect(
      allowedHostHeaders({
        host: '192.168.1.5',
        port: 8080,
        extraHosts: ['connectors.example', 'proxy.example:443', '[fd00::1]:8443', 'fd00::2'],
      }),
    ).toEqual([
      '127.0.0.1:8080',
      'localhost:8080',
      '[::1]:8080',
      '192.168.1.5:8080',
      'connectors.example:8080',
      // Without a port, also as browsers send it for 80 and 443 (behind a proxy).
      'connectors.example',
      'proxy.example:443',
      '[fd00::1]:8443',
      '[fd00::2]:8080',
      '[fd00::2]',
    ])
  })

  it("adds this machine's names when bound to every interface, never the wildcard itself", () => {
    const hosts = allowedHostHeaders({ host: '0.0.0.0', port: 80, localNames: ['10.0.0.7', 'fe80::1', 'build-box'] })
    expect(hosts).toContain('10.0.0.7:80')
    expect(hosts).toContain('[fe80::1]:80')
    expect(hosts).toContain('build-box:80')
    expect(hosts).toContain('build-box')
    expect(hosts).not.toContain('0.0.0.0:80')
  })
})

describe('resolveApiKey', () => {
  it('needs no key on loopback unless one is configured', () => {
    expect(resolveApiKey({ host: '127.0.0.1' })).toEqual({ generated: false })
    expect(resolveApiKey({ host: '127.0.0.1', apiKey: 'configured-key-123' })).toEqual({
      apiKey: 'configured-key-123',
      generated: false,
    })
  })

  it('makes up a random key when bound to another address without one', () => {
    const first = resolveApiKey({ host: '0.0.0.0' })
    const second = resolveApiKey({ host: '0.0.0.0' })
    expect(first.generated).toBe(true)
    expect(first.apiKey).toMatch(/^[\w-]{32}$/)
    expect(first.apiKey).not.toBe(second.apiKey)
  })
})

describe('serverUrl', () => {
  it('prints an address a browser on this machine opens', () => {
    expect(serverUrl('127.0.0.1', 5173)).toBe('http://127.0.0.1:5173/')
    expect(serverUrl('0.0.0.0', 80)).toBe('http://127.0.0.1:80/')
    expect(serverUrl('::1', 8080)).toBe('http://[::1]:8080/')
  })
})
