import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { DELEGATE_NAME_PATTERN } from '../lib/entity-names'
import { DEFAULT_MAX_CONCURRENCY, startDelegate } from './agent'
import { tagList } from './agent-protocol'
import { delegateSecretVariables, secretDirOf } from './held-secrets'
import { createNetworkPolicy } from './network-policy'
import { serverUrlRefusal } from './server-url'

/**
 * `node connectors-delegate.mjs --server URL --token T --name N --tags a,b` (the file the server
 * serves, built by `npm run build:delegate`), or `npm run delegate -- …` from a checkout: a
 * delegate anywhere that can reach the server. It takes the connection tests whose delegate selectors its name and tags
 * satisfy, and runs them against the registries it can reach from where it runs.
 */

const USAGE = `Usage: node connectors-delegate.mjs --server <url> --token <token> --name <name> [options]
       (from a checkout of the repository: npm run delegate -- --server <url> …)

  --server <url>         the server (env DELEGATE_SERVER), e.g. http://127.0.0.1:8080
  --token <token>        a delegate token made on the server's Delegates page (env DELEGATE_TOKEN,
                         preferred: arguments are visible to other users of the machine)
  --name <name>          this delegate's name; connectors can select it by name
  --tags <a,b>           its tags, for connectors' delegate selectors
  --ca-file <file.pem>   extra CA certificates to trust (repeatable); verification is never off
  --concurrency <n>      tests run at once (default ${DEFAULT_MAX_CONCURRENCY})
  --allow-network <cidr> let tests reach a range the policy refuses, e.g. 169.254.10.0/24 (repeatable)
  --deny-network <cidr>  refuse tests a range, e.g. 10.20.0.0/16 (repeatable); by default tests may
                         reach anything but link-local and cloud metadata addresses
  --secret-dir <dir>     a folder of secret files (a mounted Kubernetes secret, a vault agent's
                         output): a secret held by the delegate can name a file under it, never
                         outside it; without it no file is read. Environment variables named
                         CONNECTORS_DELEGATE_SECRET_* can be named too, and no other variable
  --insecure             allow a plain http:// server on another machine (the token and the
                         secrets of every test then cross the network unencrypted)
  --help                 this text

A server with a certificate from a private CA: start with NODE_EXTRA_CA_CERTS=ca.pem.`

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      name: { type: 'string' },
      tags: { type: 'string' },
      'ca-file': { type: 'string', multiple: true },
      concurrency: { type: 'string' },
      'allow-network': { type: 'string', multiple: true },
      'deny-network': { type: 'string', multiple: true },
      insecure: { type: 'boolean' },
      'secret-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return console.log(USAGE)
  const server = values.server ?? process.env.DELEGATE_SERVER
  const token = values.token ?? process.env.DELEGATE_TOKEN
  const name = values.name ?? process.env.DELEGATE_NAME
  if (!server || !token || !name) {
    console.error(`--server, --token and --name are required.\n\n${USAGE}`)
    process.exit(2)
  }
  const refusal = serverUrlRefusal(server, values.insecure === true)
  if (refusal) {
    console.error(refusal)
    process.exit(2)
  }
  if (!DELEGATE_NAME_PATTERN.test(name)) {
    console.error('--name: letters, digits, dots, dashes and underscores, starting with a letter or digit.')
    process.exit(2)
  }
  const concurrency = Number(values.concurrency ?? DEFAULT_MAX_CONCURRENCY)
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 200) {
    console.error('--concurrency: a whole number from 1 to 200.')
    process.exit(2)
  }
  const caCertificates = await Promise.all((values['ca-file'] ?? []).map((file) => readFile(file, 'utf8')))
  const tags = tagList(values.tags)
  let networkPolicy
  try {
    networkPolicy = createNetworkPolicy({
      allow: (values['allow-network'] ?? []).flatMap(tagList),
      deny: (values['deny-network'] ?? []).flatMap(tagList),
    })
  } catch (error) {
    console.error(`--allow-network/--deny-network: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(2)
  }

  let secretDir: string | undefined
  if (values['secret-dir'] !== undefined) {
    try {
      secretDir = await secretDirOf(values['secret-dir'])
    } catch (error) {
      console.error(`--secret-dir: ${error instanceof Error ? error.message : String(error)}`)
      process.exit(2)
    }
  }

  const delegate = startDelegate({
    server,
    token,
    name,
    tags,
    maxConcurrency: concurrency,
    caCertificates,
    networkPolicy,
    // Only the CONNECTORS_DELEGATE_SECRET_ variables are kept: no other can ever be named.
    heldSecrets: { environment: delegateSecretVariables(process.env), ...(secretDir ? { secretDir } : {}) },
    log: (line) => console.log(`[delegate ${name}] ${line}`),
    onRefused: () => process.exit(3),
  })
  const stop = () => void delegate.stop().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  await delegate.registered
  console.log(`Delegate ${name} connected to ${server}${tags.length ? ` with tags ${tags.join(', ')}` : ''}`)
}

main().catch((error: unknown) => {
  console.error(`The delegate could not start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
