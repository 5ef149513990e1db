import { spawn } from 'node:child_process'
import { cpSync, mkdirSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { BUILD_INPUTS } from '../../src/server/start.mjs'
import { freePort } from './server.mjs'

/**
 * `npm start` as a user runs it (defect 11 of issue 21), in a copy of the build's inputs with the
 * app's node_modules linked in, so that the build it makes never touches the checkout's dist/:
 * the first start (it builds, then creates the database), then `reps` second starts on the same
 * data (the build is up to date). Each is timed from running the command to the first page
 * (HTTP 200 of `/`), and says whether it built.
 */

const BUILT = /building the app and the server first/
const FIRST_PAGE_TIMEOUT_MS = 15 * 60_000

export async function measureStart({ appRoot, work, reps = 3, log = () => {} }) {
  const root = path.join(work, 'start-app')
  mkdirSync(root, { recursive: true })
  for (const input of BUILD_INPUTS) cpSync(path.join(appRoot, input), path.join(root, input), { recursive: true })
  symlinkSync(path.join(appRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir')
  const dataDir = path.join(work, 'start-data', 'data')

  log('npm start: the first start (it builds)')
  const first = await startOnce(root, dataDir)
  const second = []
  for (let rep = 0; rep < reps; rep++) {
    log(`npm start: second start ${rep + 1}/${reps}`)
    second.push(await startOnce(root, dataDir))
  }
  return {
    firstStartMs: first.ms,
    firstStartBuilt: first.built,
    secondStartsMs: second.map((start) => start.ms),
    secondStartsBuilt: second.filter((start) => start.built).length,
  }
}

/** One `npm start` in `root`: the time to its first page; then SIGTERM to it and its children. */
async function startOnce(root, dataDir) {
  const port = await freePort()
  const started = performance.now()
  const child = spawn('npm', ['start', '--', '--port', String(port), '--data', dataDir], {
    cwd: root,
    // A group of its own: npm, its shell and the server stop together.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  try {
    const url = `http://127.0.0.1:${port}/`
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}: ${output.slice(-1500)}`)
      if (performance.now() - started > FIRST_PAGE_TIMEOUT_MS) throw new Error(`no first page: ${output.slice(-1500)}`)
      const status = await fetch(url).then(
        (response) => response.arrayBuffer().then(() => response.status),
        () => 0,
      )
      if (status === 200) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    return { ms: performance.now() - started, built: BUILT.test(output) }
  } finally {
    stopGroup(child.pid, 'SIGTERM')
    const killer = setTimeout(() => stopGroup(child.pid, 'SIGKILL'), 20_000)
    await exited
    // The server (its shell's child) finishes its requests and closes the database after npm has gone.
    await waitForPortClosed(port, 20_000)
    clearTimeout(killer)
  }
}

function stopGroup(pid, signal) {
  try {
    process.kill(-pid, signal)
  } catch {
    // gone already
  }
}

async function waitForPortClosed(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const open = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      () => true,
      () => false,
    )
    if (!open) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

// `node bench/lib/start-bench.mjs [reps]`: this part alone, its figures as JSON.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { mkdtempSync, rmSync } = await import('node:fs')
  const os = await import('node:os')
  const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
  const work = mkdtempSync(path.join(os.tmpdir(), 'arc-start-bench-'))
  try {
    const result = await measureStart({
      appRoot,
      work,
      reps: Number(process.argv[2] ?? 3),
      log: (line) => console.error(`bench: ${line}`),
    })
    console.log(JSON.stringify(result))
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
