import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

/**
 * A throwaway PostgreSQL server for tests: `initdb` into a temporary folder, started on a free
 * port of 127.0.0.1 with its socket in that folder, one database created. Run as root (CI), the
 * server runs as the `postgres` OS user, which is created when missing. No PostgreSQL binaries is
 * an error, not a skip: CI installs them.
 */

const run = promisify(execFile)

export type TestPostgres = {
  /** `postgres://postgres@127.0.0.1:<port>/<database>` */
  url: string
  port: number
  /** Stops the server for now (an outage), keeping its data and port. */
  pause(): Promise<void>
  /** Starts it again after `pause`, on the same data and port. */
  resume(): Promise<void>
  stop(): Promise<void>
}

/** The folder holding `initdb` and `pg_ctl`: `PG_BIN`, or the newest `/usr/lib/postgresql/<n>/bin`. */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env): string {
  const candidates: string[] = []
  if (env.PG_BIN) candidates.push(env.PG_BIN)
  const root = '/usr/lib/postgresql'
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a))
    candidates.push(...versions.map((version) => join(root, version, 'bin')))
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')))
  if (!found) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) not found in PG_BIN or /usr/lib/postgresql/*/bin. ' +
        'Install them (Debian/Ubuntu: apt-get install postgresql) to run the real-PostgreSQL tests.',
    )
  }
  return found
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

async function osUserIds(name: string): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const uid = Number((await run('id', ['-u', name])).stdout.trim())
    const gid = Number((await run('id', ['-g', name])).stdout.trim())
    return { uid, gid }
  } catch {
    return undefined
  }
}

export async function startTestPostgres(options: { database?: string } = {}): Promise<TestPostgres> {
  const bin = findPostgresBin()
  const database = options.database ?? 'contract'
  const dir = await mkdtemp(join(tmpdir(), 'pg-test-'))
  const dataDir = join(dir, 'data')
  const asRoot = process.getuid?.() === 0
  let exec = (file: string, args: string[]) => run(join(bin, file), args)
  if (asRoot) {
    // PostgreSQL refuses to run as root.
    let ids = await osUserIds('postgres')
    if (!ids) {
      await run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'])
      ids = await osUserIds('postgres')
    }
    if (!ids) throw new Error('Could not create the postgres OS user to run the test server as')
    await chown(dir, ids.uid, ids.gid)
    exec = (file, args) => run('runuser', ['-u', 'postgres', '--', join(bin, file), ...args])
  }
  const port = await freePort()
  const serverOptions = `-k ${dir} -h 127.0.0.1 -p ${port} -c fsync=off -c full_page_writes=off`
  const startServer = () =>
    exec('pg_ctl', ['-D', dataDir, '-o', serverOptions, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start'])
  try {
    await exec('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
    await startServer()
    await exec('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database]).catch(async () => {
      // Older layouts keep createdb elsewhere; psql-less fallback through the server's own binary dir.
      await exec('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', `CREATE DATABASE ${database}`])
    })
  } catch (error) {
    const log = await readFile(join(dir, 'server.log'), 'utf8').catch(() => '')
    await exec('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined)
    await rm(dir, { recursive: true, force: true })
    throw new Error(`Could not start a test PostgreSQL: ${String(error)}\n${log}`)
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    port,
    async pause() {
      await exec('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop'])
    },
    async resume() {
      await startServer()
    },
    async stop() {
      await exec('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']).catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
    },
  }
}
