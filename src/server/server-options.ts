import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { DEFAULT_ACCOUNT_NAME } from '../backend/seed-data'
import { tagList } from '../delegate-agent/agent-protocol'
import { parseCidr } from '../delegate-agent/network-policy'
import { nameProblem } from '../lib/entity-names'
import { DEFAULT_RETENTION_DAYS } from './audit/audit-retention'
import { isLoopbackHost } from './host-names'

/**
 * The Node server's command line and environment (`npm start -- --port 8080`), and the host
 * names it answers to. Pure functions of their inputs, so that they can be tested without a
 * server.
 */

export type ServerOptions = {
  port: number
  /** The address the server binds; loopback (127.0.0.1) unless told otherwise. */
  host: string
  /** Where the embedded database keeps its files (and the secret key). */
  dataDir: string
  /** A PostgreSQL server to use instead of the embedded database. */
  databaseUrl?: string
  /** The built app (`vite build`'s `dist/`). */
  distDir: string
  /** Connection tests run against the simulated registries rather than the network. */
  simulatedWorld: boolean
  /** Required as `x-api-key` on API requests when set. */
  apiKey?: string
  /** Host header values served besides the loopback names and the bound host. */
  extraAllowedHosts: string[]
  /** The largest request body accepted, in bytes. */
  maxBodyBytes: number
  help: boolean
  /** Create (migrate, seed) the database, then exit; a first start on PGlite runs itself so (see main.ts). */
  createDatabaseOnly: boolean
  /** The built-in delegate `local` (off with --no-delegate; never with the simulated world). */
  embeddedDelegate: boolean
  delegateTags: string[]
  delegateConcurrency: number
  /** Extra CA certificate files (PEM) the built-in delegate trusts. */
  caFiles: string[]
  /** The built-in delegate's --secret-dir (decision 028): without it, it reads no secret file. */
  delegateSecretDir?: string
  /** Also write each committed audit event as a JSON line to this file, or to standard output (`-`). */
  auditLog?: string
  /** Audit events older than this many days are removed by a daily job (which records its own event). */
  auditRetentionDays: number
  /** The file holding the key that encrypts secret values (default: keys/secret.key beside the data folder). */
  secretKeyFile?: string
  /** The origin browsers and delegates reach the server at (`https://connectors.example`), when not its own address. */
  publicUrl?: string
  /** Read X-Forwarded-Proto and X-Forwarded-Host from the reverse proxy in front. */
  trustProxy: boolean
  /** Serve HTTPS with this certificate chain and key (PEM files). */
  tls?: { certFile: string; keyFile: string }
  /** CIDR ranges the delegates' tests may reach although the policy would refuse them, and more to refuse. */
  allowNetwork: string[]
  denyNetwork: string[]
  /** The account a first start creates (its identifier derived from the name, seed-data.ts). */
  accountName: string
  /** People sign in (decision 022); off with --no-sign-in, and never in the simulated world. */
  signIn: boolean
  /** A session ends after this many hours unused, and this many days after sign-in whatever happens. */
  sessionIdleHours: number
  sessionMaxDays: number
  /** Single sign-on with an OpenID Connect provider (the secret: env CONNECTORS_OIDC_CLIENT_SECRET). */
  oidc?: { issuer: string; clientId: string; clientSecret?: string; groupsClaim: string; roleMapFile?: string }
}

// Not 5173: that is `npm run demo`'s (Vite's), and both may run on one machine at once.
export const DEFAULT_PORT = 8080
export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

export const USAGE = `Usage: npm start -- [options]   (or: npx tsx src/server/main.ts [options])

  --port <n>             port to listen on (env PORT; default ${DEFAULT_PORT}; 0 picks a free one)
  --host <address>       address to bind (env HOST; default ${DEFAULT_HOST}, this machine only)
  --data <dir>           data directory of the embedded database (default ./data)
  --dist <dir>           the built app to serve (default ./dist)
  --account <name>       the account a first start creates, with organization default and project
                         default_project (env CONNECTORS_ACCOUNT; default "${DEFAULT_ACCOUNT_NAME}", identifier
                         default_account; the identifier is the name lower-cased, other characters _)
  --simulated-world      connection tests use the simulated registries (env CONNECTORS_SIMULATED_WORLD=1)
  --api-key <key>        require this x-api-key on API requests (env CONNECTORS_API_KEY, preferred:
                         arguments are visible to other users of the machine); bound to a
                         non-loopback address without one, the server makes one up and prints it
  --allowed-host <host>  also answer requests for this Host (repeatable), e.g. connectors.example:8080;
                         without a port, at this server's port and with none (as browsers send
                         it for 80 and 443)
  --public-url <url>     the address people and delegates use, e.g. https://connectors.example behind
                         an HTTPS reverse proxy (env CONNECTORS_PUBLIC_URL): its origin may write, and
                         the Delegates page gives it to new delegates
  --trust-proxy          take the scheme and host from the proxy's X-Forwarded-Proto and
                         X-Forwarded-Host (env CONNECTORS_TRUST_PROXY=1); only behind a proxy that sets them
  --tls-cert <file.pem>  serve HTTPS with this certificate chain (with --tls-key; env CONNECTORS_TLS_CERT)
  --tls-key <file.pem>   and this private key (env CONNECTORS_TLS_KEY)
  --max-body-bytes <n>   largest request body accepted (default ${DEFAULT_MAX_BODY_BYTES})
  --delegate-tags <a,b>  tags of the built-in delegate "local" (env CONNECTORS_DELEGATE_TAGS)
  --delegate-concurrency <n>  tests the built-in delegate runs at once (default 8)
  --ca-file <file.pem>   extra CA certificates the built-in delegate trusts (repeatable)
  --delegate-secret-dir <dir>  a folder of secret files the built-in delegate may read for secrets
                         held by the delegate (none without it); of the server's environment it
                         gets only the CONNECTORS_DELEGATE_SECRET_* variables, never the key
  --allow-network <cidr> let delegates connect to this range after all (repeatable; env
                         CONNECTORS_ALLOW_NETWORK, comma-separated)
  --deny-network <cidr>  keep delegates from connecting to this range too (repeatable; env
                         CONNECTORS_DENY_NETWORK, comma-separated)
  --secret-key-file <f>  the key that encrypts secret values (env CONNECTORS_SECRET_KEY_FILE; default
                         keys/secret.key beside the data folder, made on the first start; with
                         DATABASE_URL it must be given, or CONNECTORS_SECRET_KEY)
  --session-idle-hours <n>  a session ends after this many hours without a request (default 24)
  --session-max-days <n>   and this many days after signing in, whatever happens (default 7)
  --oidc-issuer <url>    also sign in with this OpenID Connect provider (env CONNECTORS_OIDC_ISSUER;
                         its client secret in env CONNECTORS_OIDC_CLIENT_SECRET); the callback is
                         <public URL>/api/auth/oidc/callback
  --oidc-client-id <id>  the client registered at the provider (env CONNECTORS_OIDC_CLIENT_ID)
  --oidc-groups-claim <claim>  the claim that lists a user's groups (default groups)
  --oidc-role-map <file> one grant a line: "group = Role name @ scope", scope account, org/<id> or
                         org/<id>/project/<id>; # starts a comment
  --no-sign-in           no users or sign-in: anyone who reaches the API uses it (with --api-key when
                         set, as before); for a machine of one person. The simulated world never asks
  --audit-log <file|->   also write each audit event, once committed, as one JSON line to this file
                         (appended, 0600) or to standard output (-), for a log shipper
  --audit-retention-days <n>  remove audit events older than n days, daily (default 730)
  --no-delegate          start without the built-in delegate (tests wait for one started elsewhere)
  --create-database-only create, migrate and seed the database, then exit without serving
  --help                 this text

  DATABASE_URL           use this PostgreSQL server instead of the embedded database
  CONNECTORS_SECRET_KEY  the key that encrypts secret values (32 bytes, base64 or hex), instead of a file`

type Env = Readonly<Record<string, string | undefined>>

/** Every option the command line takes; USAGE names each (server-options.test.ts checks it). */
export const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  dist: { type: 'string' },
  'simulated-world': { type: 'boolean' },
  'api-key': { type: 'string' },
  'allowed-host': { type: 'string', multiple: true },
  'max-body-bytes': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  'create-database-only': { type: 'boolean' },
  'audit-log': { type: 'string' },
  'delegate-tags': { type: 'string' },
  'delegate-concurrency': { type: 'string' },
  'audit-retention-days': { type: 'string' },
  'ca-file': { type: 'string', multiple: true },
  'no-delegate': { type: 'boolean' },
  'delegate-secret-dir': { type: 'string' },
  'secret-key-file': { type: 'string' },
  'public-url': { type: 'string' },
  'trust-proxy': { type: 'boolean' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'allow-network': { type: 'string', multiple: true },
  'deny-network': { type: 'string', multiple: true },
  account: { type: 'string' },
  'session-idle-hours': { type: 'string' },
  'session-max-days': { type: 'string' },
  'no-sign-in': { type: 'boolean' },
  'oidc-issuer': { type: 'string' },
  'oidc-client-id': { type: 'string' },
  'oidc-groups-claim': { type: 'string' },
  'oidc-role-map': { type: 'string' },
} as const

export function parseServerOptions(argv: readonly string[], env: Env = {}): ServerOptions {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: OPTIONS,
    })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const { values } = parsed
  const host = nonEmpty(values.host ?? env.HOST, '--host') ?? DEFAULT_HOST
  const simulatedWorld = values['simulated-world'] === true || isTrue(env.CONNECTORS_SIMULATED_WORLD)
  // The simulated world has no sign-in (everyone is its admin): it is for this machine only.
  if (simulatedWorld && !isLoopbackHost(host.replace(/^\[(.*)\]$/, '$1'))) {
    throw new UsageError(
      `--simulated-world has no sign-in, so it listens on this machine only (127.0.0.1, ::1 or localhost), not on ${host}.`,
    )
  }
  const apiKey = values['api-key'] ?? env.CONNECTORS_API_KEY
  if (apiKey !== undefined && apiKey.length < 16) {
    throw new UsageError('The API key must be at least 16 characters long.')
  }
  const tlsCert = nonEmpty(values['tls-cert'] ?? (env.CONNECTORS_TLS_CERT || undefined), '--tls-cert')
  const tlsKey = nonEmpty(values['tls-key'] ?? (env.CONNECTORS_TLS_KEY || undefined), '--tls-key')
  if ((tlsCert === undefined) !== (tlsKey === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together: the certificate chain and its private key.')
  }
  const publicUrl = values['public-url'] ?? (env.CONNECTORS_PUBLIC_URL || undefined)
  const accountName = (values.account ?? (env.CONNECTORS_ACCOUNT || undefined) ?? DEFAULT_ACCOUNT_NAME).trim()
  const accountProblem = nameProblem(accountName)
  if (accountProblem) throw new UsageError(`--account: ${accountProblem}`)
  const oidcIssuer = nonEmpty(values['oidc-issuer'] ?? (env.CONNECTORS_OIDC_ISSUER || undefined), '--oidc-issuer')
  const oidcClientId = nonEmpty(
    values['oidc-client-id'] ?? (env.CONNECTORS_OIDC_CLIENT_ID || undefined),
    '--oidc-client-id',
  )
  if ((oidcIssuer === undefined) !== (oidcClientId === undefined))
    throw new UsageError('--oidc-issuer and --oidc-client-id go together: the provider and this server as its client.')
  if (oidcIssuer !== undefined && !/^https?:\/\/[^/]/.test(oidcIssuer))
    throw new UsageError(`--oidc-issuer: "${oidcIssuer}" is not a URL like https://login.example.com/realms/acme`)
  return {
    accountName,
    port: integerOption(values.port ?? env.PORT, '--port', DEFAULT_PORT, 0, 65535),
    host: host.replace(/^\[(.*)\]$/, '$1'),
    dataDir: nonEmpty(values.data, '--data') ?? './data',
    databaseUrl: env.DATABASE_URL || undefined,
    distDir: nonEmpty(values.dist, '--dist') ?? './dist',
    simulatedWorld,
    apiKey,
    extraAllowedHosts: (values['allowed-host'] ?? []).map((value) => {
      const name = value.trim().toLowerCase()
      if (name === '' || /[\s/@]/.test(name)) throw new UsageError(`--allowed-host: "${value}" is not a host name.`)
      return name
    }),
    maxBodyBytes: integerOption(values['max-body-bytes'], '--max-body-bytes', DEFAULT_MAX_BODY_BYTES, 1, 2 ** 30),
    help: values.help === true,
    createDatabaseOnly: values['create-database-only'] === true,
    embeddedDelegate: values['no-delegate'] !== true,
    delegateTags: tagList(values['delegate-tags'] ?? env.CONNECTORS_DELEGATE_TAGS),
    delegateConcurrency: integerOption(values['delegate-concurrency'], '--delegate-concurrency', 8, 1, 200),
    auditRetentionDays: integerOption(
      values['audit-retention-days'],
      '--audit-retention-days',
      DEFAULT_RETENTION_DAYS,
      1,
      36_500,
    ),
    caFiles: values['ca-file'] ?? [],
    ...optional('publicUrl', publicUrl === undefined ? undefined : publicOrigin(publicUrl)),
    trustProxy: values['trust-proxy'] === true || isTrue(env.CONNECTORS_TRUST_PROXY),
    ...optional('tls', tlsCert && tlsKey ? { certFile: tlsCert, keyFile: tlsKey } : undefined),
    allowNetwork: networkList(values['allow-network'], env.CONNECTORS_ALLOW_NETWORK, '--allow-network'),
    denyNetwork: networkList(values['deny-network'], env.CONNECTORS_DENY_NETWORK, '--deny-network'),
    signIn: values['no-sign-in'] !== true,
    ...optional(
      'oidc',
      oidcIssuer && oidcClientId
        ? {
            issuer: oidcIssuer,
            clientId: oidcClientId,
            ...optional('clientSecret', env.CONNECTORS_OIDC_CLIENT_SECRET || undefined),
            groupsClaim: nonEmpty(values['oidc-groups-claim'], '--oidc-groups-claim') ?? 'groups',
            ...optional('roleMapFile', nonEmpty(values['oidc-role-map'], '--oidc-role-map')),
          }
        : undefined,
    ),
    sessionIdleHours: integerOption(values['session-idle-hours'], '--session-idle-hours', 24, 1, 24 * 365),
    sessionMaxDays: integerOption(values['session-max-days'], '--session-max-days', 7, 1, 365),
    ...optional('auditLog', nonEmpty(values['audit-log'], '--audit-log')),
    ...optional('delegateSecretDir', nonEmpty(values['delegate-secret-dir'], '--delegate-secret-dir')),
    ...optional(
      'secretKeyFile',
      nonEmpty(values['secret-key-file'] ?? (env.CONNECTORS_SECRET_KEY_FILE || undefined), '--secret-key-file'),
    ),
  }
}

/** `{ [key]: value }` when there is a value: optional fields stay absent rather than undefined. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}

/** `https://connectors.example/` → `https://connectors.example`: a scheme and a host, nothing else. */
export function publicOrigin(raw: string): string {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw new UsageError(`--public-url: "${raw}" is not a URL; give one like https://connectors.example`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`--public-url: "${raw}" must start with https:// (or http://).`)
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new UsageError(
      `--public-url: "${raw}" must be a scheme and a host (and port) only: the server is served at the root of it.`,
    )
  }
  return url.origin
}

/** `--allow-network a --allow-network b,c` and the environment's `a,b`: CIDR ranges, checked when the delegate starts. */
function networkList(flags: readonly string[] | undefined, fromEnv: string | undefined, name: string): string[] {
  const all = [...(flags ?? []), ...(flags?.length ? [] : [fromEnv ?? ''])]
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean)
  for (const range of all) {
    if (!parseCidr(range))
      throw new UsageError(`${name}: "${range}" is not an address range like 10.0.0.0/8 or fd00::/8.`)
  }
  return all
}

function nonEmpty(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined
  if (value.trim() === '') throw new UsageError(`${name} needs a value.`)
  return value.trim()
}

function integerOption(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${name}: "${raw}" is not a whole number.`)
  const value = Number(raw.trim())
  if (value < min || value > max) throw new UsageError(`${name} must be between ${min} and ${max}.`)
  return value
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase())
}

/**
 * The API key in force: the configured one, or, bound to a non-loopback address without
 * one, a new random key that the caller prints once.
 */
export function resolveApiKey(options: Pick<ServerOptions, 'apiKey' | 'host'>): {
  apiKey?: string
  generated: boolean
} {
  if (options.apiKey !== undefined) return { apiKey: options.apiKey, generated: false }
  if (isLoopbackHost(options.host)) return { generated: false }
  return { apiKey: randomBytes(24).toString('base64url'), generated: true }
}
