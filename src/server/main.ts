import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, readFile, unlink } from 'node:fs/promises'
import path from 'node:path'
import { bootstrapDirectory, bootstrapPrincipal, grantBootstrapAdmin } from '../backend/access/bootstrap'
import { demoAuthentication, demoDirectory } from '../backend/access/demo-principals'
import { auditKey } from '../backend/audit/audit-chain'
import { createApi } from '../backend/create-api'
import { accountIdentifierOf, createSeedState, createServerSeedState, SEED_ACCOUNT } from '../backend/seed-data'
import type { DataStore } from '../backend/store'
import type { RunningDelegate } from '../delegate-agent/agent'
import { DELEGATE_DOWNLOAD_PATH } from '../lib/delegate-download'
import { createServerApp } from './app'
import { openAuditLog } from './audit/audit-log-stream'
import { pruneAuditTrail, startAuditRetention } from './audit/audit-retention'
import { verifyAuditTrailAtStart } from './audit/verify-at-start'
import { clientAddressOf } from './client-addresses'
import { createServerDispatch } from './delegate-dispatch'
import { createDelegateRoutes } from './delegate-routes'
import { startEmbeddedDelegate } from './embedded-delegate'
import { CHILD_FLAG, runEmbeddedDelegateChild } from './embedded-delegate-child'
import { embeddedSecretDir } from './embedded-delegate-secrets'
import { allowedHostHeaders, isLoopbackHost, isWildcardHost, machineNames, serverUrl } from './host-names'
import { restrictToOwner } from './private-files'
import { loadSecretKey, SecretKeyError } from './secret-key'
import {
  grantFirstAdmin,
  ROLE_NAMES,
  servedAccount,
  serverAuthentication,
  serverDirectory,
  serverInvitations,
  syncOidcGrants,
} from './server-identity'
import { parseServerOptions, type ServerOptions, resolveApiKey, USAGE, UsageError } from './server-options'
import { startServer, stopOnSignals } from './shutdown'
import { createOidc } from './sign-in/oidc'
import { parseRoleMap, RoleMapError, type RoleGrant } from './sign-in/oidc-role-map'
import { createSignIn } from './sign-in/sign-in'
import type { SignInService } from './sign-in/sign-in-service'
import { sqlServiceAccounts } from './sql-service-accounts'
import { openSqlStore } from './sql-store'

/**
 * Creating an embedded database (initdb) grows PGlite's WebAssembly memory to ~700 MB, and
 * WebAssembly memory never shrinks: so a first start creates and seeds it in a short-lived child
 * process, and the server itself opens an existing database (~200 MB).
 */
async function createEmbeddedDatabaseApart(options: ServerOptions): Promise<void> {
  if (options.databaseUrl || options.createDatabaseOnly) return
  if (existsSync(path.join(options.dataDir, 'pglite', 'PG_VERSION'))) return
  const script = process.argv[1]
  if (!script) return
  console.log(`Creating the database in ${path.resolve(options.dataDir)}…`)
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, script, ...process.argv.slice(2), '--create-database-only'],
      {
        stdio: 'inherit',
      },
    )
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`creating the database failed (exit ${code})`)),
    )
  })
}

/** `npm start`: the app and its API on this machine, the data in PostgreSQL (embedded or DATABASE_URL). */
async function main(): Promise<void> {
  // The built-in delegate's own process: the same entry point, started by the server.
  if (process.argv[2] === CHILD_FLAG) return runEmbeddedDelegateChild()
  const options = parseServerOptions(process.argv.slice(2), process.env)
  if (options.help) return console.log(USAGE)
  // Checked before anything starts: a folder holding the server's key is never handed to a delegate.
  const delegateSecretDir = options.embeddedDelegate ? await embeddedSecretDir(options) : undefined
  if (!existsSync(path.join(options.distDir, 'index.html'))) {
    console.warn(`${options.distDir}/index.html is missing: run npm run build (npm start does) to serve the app.`)
  }

  // Everything the server writes (database, key) is its owner's only, whatever the umask it was given.
  process.umask(0o077)
  const secretKey = await loadSecretKey({
    dataDir: options.dataDir,
    ...(options.secretKeyFile ? { keyFile: options.secretKeyFile } : {}),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    env: process.env,
  })
  // A key made now cannot be the one of a database that was already there.
  const keyIsNewForOldData =
    secretKey.created === true && existsSync(path.join(options.dataDir, 'pglite', 'PG_VERSION'))
  await createEmbeddedDatabaseApart(options)
  const auditLog = options.auditLog ? openAuditLog(options.auditLog) : undefined
  const store = await openSqlStore({
    ...(auditLog ? { onAuditEvents: (events) => auditLog.write(events) } : {}),
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
    secretKey: secretKey.key,
    secretKeySource: secretKey.source,
    ...(keyIsNewForOldData ? { secretKeyCreated: true } : {}),
    // The simulated world brings the demo's secrets, delegates and connectors, and its reset.
    seed: options.simulatedWorld
      ? createSeedState
      : (now) => createServerSeedState(now, { accountName: options.accountName }),
    resettable: options.simulatedWorld,
  }).catch(async (error: unknown) => {
    // The key made by this start is of no use to anyone: it goes, so that a restored one can take its place.
    if (secretKey.created && error instanceof SecretKeyError) await unlink(secretKey.source).catch(() => undefined)
    throw error
  })
  if (options.createDatabaseOnly) return store.close()
  const trailKey = auditKey(secretKey.key)
  // PGlite writes its first files (and its catalog caches) readable by all; the folder keeps
  // others out at once, and the files' own modes say so too once the server listens (a thousand
  // of them: a second of a restart's first page on a busy machine). The files it makes from now on are 0600.
  if (!options.databaseUrl) await chmod(options.dataDir, 0o700)
  // Real delegates test real registries; the simulated world keeps its simulated delegates.
  const dispatch = options.simulatedWorld
    ? undefined
    : createServerDispatch({
        client: store.client,
        store,
        ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
        trail: { key: trailKey, committed: (events) => auditLog?.write(events) },
      })
  // The account of this server: the demo's in the simulated world, else the one stored.
  const account = options.simulatedWorld
    ? SEED_ACCOUNT
    : await servedAccount(store.client, accountIdentifierOf(options.accountName))
  // People sign in to the real app; the simulated world (a demo, the browser tests) is open.
  const signingIn = options.signIn && !options.simulatedWorld
  // --api-key stands for the bootstrap service account, Account Admin; without sign-in everyone does.
  if (!options.simulatedWorld && (!signingIn || options.apiKey !== undefined)) await grantBootstrapAdmin(store, account)
  const tls = options.tls ? await readTls(options.tls) : undefined
  const signIn = signingIn
    ? createSignIn({
        client: store.client,
        accountIdentifier: account,
        idleHours: options.sessionIdleHours,
        maxDays: options.sessionMaxDays,
        secureCookie: tls !== undefined || options.publicUrl?.startsWith('https:') === true,
        trail: { key: trailKey, committed: (events) => auditLog?.write(events) },
        onFirstAdmin: async (user, details) => {
          await grantFirstAdmin(store, user, details.accountName)
          console.log(`The first administrator is ${user.email} (${user.identifier}): Account Admin.`)
        },
      })
    : undefined
  // Set once listening (the port may be chosen then): invitation links and single sign-on use it.
  let publicBase = options.publicUrl ?? ''
  const api = createApi({
    store,
    authenticate: options.simulatedWorld
      ? demoAuthentication(SEED_ACCOUNT)
      : signIn
        ? serverAuthentication({ signIn, apiKey: options.apiKey, accountIdentifier: account, db: store.client })
        : () => Promise.resolve(bootstrapPrincipal(account)),
    principals: options.simulatedWorld
      ? demoDirectory()
      : signIn
        ? serverDirectory(store.client, { withBootstrap: options.apiKey !== undefined })
        : bootstrapDirectory(),
    ...(signIn
      ? {
          invitations: serverInvitations(signIn, () => publicBase),
          serviceAccounts: sqlServiceAccounts(store.client, {
            client: store.client,
            key: trailKey,
            committed: (events) => auditLog?.write(events),
          }),
        }
      : {}),
    latency: 0,
    clientAddress: clientAddressOf,
    simulatedWorld: options.simulatedWorld,
    ...(dispatch ? { dispatch } : {}),
    // Every 5xx, with the request id its answer carries, so that a user's report can be found.
    onServerError: ({ status, method, path: pathname, requestId, cause }) =>
      console.error(
        `[server] ${status} ${method} ${pathname} request ${requestId}: ${cause instanceof Error ? cause.message : String(cause)}`,
      ),
  })

  if (signIn && options.oidc)
    signIn.useOidc(await startOidc(options, options.oidc, signIn.service, () => publicBase, store))
  // With sign-in, the API key is only the configured one (for scripts): none is made up.
  const { apiKey, generated } = signIn ? { apiKey: options.apiKey, generated: false } : resolveApiKey(options)
  let hosts: string[] = []
  const app = createServerApp({
    api,
    distDir: options.distDir,
    simulatedWorld: options.simulatedWorld,
    allowedHosts: () => hosts,
    ...(options.publicUrl ? { publicOrigin: options.publicUrl } : {}),
    trustProxy: options.trustProxy,
    tls: tls !== undefined,
    apiKey,
    ...(signIn ? { signIn } : {}),
    maxBodyBytes: options.maxBodyBytes,
    ready: () => store.ready(),
    ...(dispatch ? { delegateRoutes: createDelegateRoutes(dispatch.agents) } : {}),
  })
  let embedded: RunningDelegate | undefined
  let retention: { stop: () => void } | undefined
  let closing = false
  const running = await startServer({
    fetch: app.fetch,
    hostname: options.host,
    port: options.port,
    ...(tls ? { tls } : {}),
    onStopping: () => dispatch?.stopWaiting(),
    close: async () => {
      closing = true
      retention?.stop()
      await embedded?.stop()
      dispatch?.close()
      await store.close()
      await auditLog?.close()
    },
  }).catch(async (error: unknown) => {
    await store.close()
    throw error
  })
  publicBase = options.publicUrl ?? serverUrl(options.host, running.port, tls !== undefined)
  hosts = allowedHostHeaders({
    host: options.host,
    port: running.port,
    extraHosts: options.extraAllowedHosts,
    localNames: isWildcardHost(options.host) ? machineNames() : [],
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  })
  stopOnSignals(() => running.stop())
  if (!options.databaseUrl) await restrictToOwner(options.dataDir)
  if (dispatch && options.embeddedDelegate) {
    embedded = await startEmbeddedDelegate(app, dispatch.embeddedToken, serverUrl(options.host, running.port), {
      ...options,
      ...(delegateSecretDir ? { delegateSecretDir } : {}),
      listeningPort: running.port,
    })
  }

  console.log(`Artifact Repository Connectors: ${serverUrl(options.host, running.port, tls !== undefined)}`)
  if (options.publicUrl) console.log(`Public URL: ${options.publicUrl}/`)
  if (options.trustProxy) console.log('Behind a proxy: X-Forwarded-Proto and X-Forwarded-Host are believed.')
  console.log(`Data: ${options.databaseUrl ? 'DATABASE_URL' : path.resolve(options.dataDir)}`)
  if (options.simulatedWorld) console.log('Connection tests run against the simulated world of registries.')
  else if (embedded)
    console.log(
      `Built-in delegate: local${options.delegateTags.length ? ` (tags ${options.delegateTags.join(', ')})` : ''}`,
    )
  else
    console.log(
      `No built-in delegate: start one elsewhere with node connectors-delegate.mjs --server … (${DELEGATE_DOWNLOAD_PATH}; the Delegates page has the commands)`,
    )
  if (!isLoopbackHost(options.host)) console.log(`Answers for: ${hosts.join(', ')} (more with --allowed-host)`)
  if (generated) console.log(`API key (send it as x-api-key; shown only now): ${apiKey}`)
  else if (apiKey !== undefined) console.log('API requests need the configured x-api-key.')
  if (signIn) {
    const link = await signIn.setupLink(options.publicUrl ?? serverUrl(options.host, running.port, tls !== undefined))
    if (link) {
      console.log('No administrator exists yet. Open this link within an hour to create one (it works once):')
      console.log(`  ${link}`)
    } else console.log('People sign in with their email and password.')
  }
  if (auditLog)
    console.log(`Audit events also go to ${options.auditLog === '-' ? 'standard output' : options.auditLog}.`)
  // After listening: a long trail must not delay the start. Retention runs after the check, then daily.
  const prune = async () => {
    const outcome = await pruneAuditTrail(store.client, trailKey, {
      retentionDays: options.auditRetentionDays,
      now: Date.now(),
      accountIdentifier: account,
    })
    if (outcome.events.length) auditLog?.write(outcome.events)
    return outcome
  }
  void verifyAuditTrailAtStart(store.client, trailKey).then(() => {
    if (!closing) retention = startAuditRetention(prune, (line) => console.log(line))
  })
}

/** Single sign-on: the role map read and checked, the provider discovered; either failing stops the start, with words. */
async function startOidc(
  options: ServerOptions,
  oidc: NonNullable<ServerOptions['oidc']>,
  service: SignInService,
  publicBase: () => string,
  store: DataStore,
) {
  let roleMap: RoleGrant[] = []
  if (oidc.roleMapFile) {
    const text = await readFile(oidc.roleMapFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--oidc-role-map ${oidc.roleMapFile} cannot be read (${error.code ?? error.message}).`)
    })
    try {
      roleMap = parseRoleMap(text, ROLE_NAMES)
    } catch (error) {
      if (error instanceof RoleMapError) throw new UsageError(`--oidc-role-map ${oidc.roleMapFile}: ${error.message}`)
      throw error
    }
  }
  const provider = await createOidc({
    issuer: oidc.issuer,
    clientId: oidc.clientId,
    ...(oidc.clientSecret ? { clientSecret: oidc.clientSecret } : {}),
    groupsClaim: oidc.groupsClaim,
    roleMap,
    publicBase,
    service,
    secureCookie: options.tls !== undefined || options.publicUrl?.startsWith('https:') === true,
    // To be wired to the core's role assignments (issue 19): the grants of the user's groups.
    // The user's bindings follow their groups at every sign-in.
    onSignIn: async (user, { grants }) => {
      const skipped = await syncOidcGrants(store, user, grants)
      for (const problem of skipped) console.warn(`--oidc-role-map ${oidc.roleMapFile ?? ''}: ${problem}`)
    },
  }).catch((error: unknown) => {
    throw new UsageError(
      `--oidc-issuer ${oidc.issuer}: the provider could not be discovered (${error instanceof Error ? error.message : String(error)}).`,
    )
  })
  console.log(`Single sign-on: ${oidc.issuer}`)
  return provider
}

/** The certificate chain and key, read once at start: a missing file stops the start with its name. */
async function readTls(files: { certFile: string; keyFile: string }): Promise<{ cert: Buffer; key: Buffer }> {
  const read = (file: string, what: string) =>
    readFile(file).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`${what} ${file} cannot be read (${error.code ?? error.message}).`)
    })
  return { cert: await read(files.certFile, '--tls-cert'), key: await read(files.keyFile, '--tls-key') }
}

main().catch((error: unknown) => {
  if (error instanceof SecretKeyError) {
    console.error(`The server could not start: ${error.message}`)
    process.exit(1)
  }
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`)
    process.exit(2)
  }
  console.error(`The server could not start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
