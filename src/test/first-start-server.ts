// Test support: a real server started as `npm start` starts it on a fresh data folder (PGlite,
// sign-in on, no built app, no built-in delegate), for the tests that play a team on it.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startTsProcess, type StartedProcess } from './processes'

export type FirstStartServer = {
  process: StartedProcess
  /** Where it answers, without a trailing slash. */
  base: string
  /** The setup link its first start prints, for the first Account Admin. */
  setupLink: string
  /** Stops it and removes its data folder. */
  stop(): Promise<void>
}

/**
 * Starts `src/server/main.ts` on a free loopback port with a data folder of its own, and waits
 * for its address and its setup link. `args` come after the common ones (`--api-key …`).
 */
export async function startFirstStartServer(account: string, args: readonly string[] = []): Promise<FirstStartServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'first-start-'))
  const started = startTsProcess('src/server/main.ts', [
    '--port',
    '0',
    '--no-delegate',
    '--data',
    path.join(dir, 'data'),
    '--dist',
    path.join(dir, 'no-dist'),
    '--account',
    account,
    ...args,
  ])
  try {
    const [, base = ''] = await started.waitFor(/Artifact Repository Connectors: (http:\/\/\S+)/, 90_000)
    const [, setupLink = ''] = await started.waitFor(/(http:\/\/\S+\/setup\?token=\S+)/, 30_000)
    return {
      process: started,
      base: base.replace(/\/$/, ''),
      setupLink,
      async stop() {
        await started.stop()
        await rm(dir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await started.stop()
    await rm(dir, { recursive: true, force: true })
    throw error
  }
}
