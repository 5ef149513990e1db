/**
 * `npm start`: builds the app and the server only when their sources changed since the last
 * build, then runs the built server (dist-server/main.js) in this same process, with the
 * arguments given. Plain JavaScript on node's own modules, so that a start with an up-to-date
 * build needs neither TypeScript nor Vite (nor any dev dependency): it is up in a second or two
 * instead of the ~45 s a type-check and two builds take.
 *
 * The build writes a stamp, a hash of every input of the build (the sources, the public files,
 * the configs and the lock file); a start compares it with the inputs as they are now. A hash of
 * the content, not of times: a checkout or a copy that touches files without changing them does
 * not rebuild, and any change, even one that keeps a file's time, does.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** What the build reads, relative to the app's root: a change to any of them means a new build. */
export const BUILD_INPUTS = [
  'src',
  'public',
  'index.html',
  'vite.config.ts',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
]
/** What the build makes and a start needs: the app, the delegate's file and the server. */
export const BUILD_OUTPUTS = ['dist/index.html', 'dist/delegate/connectors-delegate.mjs', 'dist-server/main.js']
export const STAMP_FILE = 'dist-server/build-stamp.json'
export const SERVER_ENTRY = 'dist-server/main.js'

/** The files under `entry` (a file or a folder), sorted, relative to `root`, with `/` between names. */
function filesOf(root, entry) {
  const full = path.join(root, entry)
  if (!existsSync(full)) return []
  if (!statSync(full).isDirectory()) return [entry]
  return readdirSync(full)
    .sort()
    .flatMap((name) => filesOf(root, `${entry}/${name}`))
}

/** One hash of every input's path and content: the same inputs give the same hash, anywhere. */
export function inputsHash(root) {
  const hash = createHash('sha256')
  for (const entry of BUILD_INPUTS) {
    for (const file of filesOf(root, entry)) {
      const content = readFileSync(path.join(root, file))
      hash.update(`${file}\0${content.length}\0`)
      hash.update(content)
    }
  }
  return hash.digest('hex')
}

function readStamp(root) {
  try {
    const stamp = JSON.parse(readFileSync(path.join(root, STAMP_FILE), 'utf8'))
    return typeof stamp?.inputs === 'string' ? stamp : undefined
  } catch {
    return undefined
  }
}

/**
 * Whether a start must build first, and why: when an output is missing, when no build left a
 * stamp, or when the inputs are not those of the last build. `inputs` is the hash of the inputs
 * now, which the build's stamp is to record.
 */
export function startDecision(root) {
  const inputs = inputsHash(root)
  const missing = BUILD_OUTPUTS.find((file) => !existsSync(path.join(root, file)))
  if (missing) return { rebuild: true, reason: `${missing} is missing`, inputs }
  const stamp = readStamp(root)
  if (!stamp) return { rebuild: true, reason: `the build left no stamp (${STAMP_FILE})`, inputs }
  if (stamp.inputs !== inputs) return { rebuild: true, reason: 'the sources changed since the last build', inputs }
  return { rebuild: false, inputs }
}

/** Written after a build succeeded, with the hash of the inputs as they were when it began. */
export function writeStamp(root, inputs, now = new Date()) {
  mkdirSync(path.dirname(path.join(root, STAMP_FILE)), { recursive: true })
  writeFileSync(
    path.join(root, STAMP_FILE),
    `${JSON.stringify({ inputs, builtAt: now.toISOString(), node: process.version }, null, 2)}\n`,
  )
}

/** `npm run <script>` in `root`, its output on this terminal; answers whether it succeeded. */
function npmRun(root, script) {
  const result = spawnSync('npm', ['run', script], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  return result.status === 0
}

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
  const decision = startDecision(root)
  if (decision.rebuild) {
    console.log(`npm start: building the app and the server first (${decision.reason})…`)
    const started = Date.now()
    if (!npmRun(root, 'build') || !npmRun(root, 'build:server')) {
      console.error('npm start: the build failed (above); nothing was started.')
      process.exit(1)
    }
    writeStamp(root, decision.inputs)
    console.log(`npm start: built in ${((Date.now() - started) / 1000).toFixed(0)} s.`)
  } else {
    console.log('npm start: the build is up to date with the sources; starting it.')
  }
  // The server starts its own children (a first start's database, the built-in delegate) from
  // its entry point: that is dist-server/main.js, not this script.
  const entry = path.join(root, SERVER_ENTRY)
  process.argv[1] = entry
  await import(pathToFileURL(entry).href)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main()
