// Test support: the server and the delegate as the processes a user starts, and what they print.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '../..')

export type StartedProcess = {
  child: ChildProcess
  /** Everything printed so far (stdout and stderr). */
  output: () => string
  /** Resolves with the first match of `pattern` in the output (rejects after `timeoutMs` or on exit). */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>
  stop: (signal?: NodeJS.Signals) => Promise<void>
}

/**
 * Runs a TypeScript entry point of this repository with tsx, as `npm start`/`npm run delegate` would;
 * `umask` (an octal string) starts it from a shell with that umask, as a user's login might.
 */
export function startTsProcess(
  entry: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  options: { umask?: string } = {},
): StartedProcess {
  const command = [process.execPath, '--import', 'tsx', path.join(ROOT, entry), ...args]
  const child = options.umask
    ? spawn('sh', ['-c', `umask ${options.umask} && exec "$@"`, 'sh', ...command], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    : spawn(command[0]!, command.slice(1), {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
  return watchProcess(child, entry)
}

/**
 * A file that plain node runs, from `cwd`, with only the environment given: as on a machine that
 * has Node.js and nothing else (no tsx, no node_modules).
 */
export function startNodeProcess(
  file: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): StartedProcess {
  const child = spawn(process.execPath, [file, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return watchProcess(child, file)
}

/** What a started process prints, collected, and a way to wait for a line and to stop it. */
function watchProcess(child: ChildProcess, entry: string): StartedProcess {
  let output = ''
  const listeners = new Set<() => void>()
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
    for (const listener of listeners) listener()
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))

  return {
    child,
    output: () => output,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern)
          if (match) {
            done()
            resolve(match)
          }
        }
        const timer = setTimeout(() => {
          done()
          reject(new Error(`Timed out waiting for ${pattern} in:\n${output}`))
        }, timeoutMs)
        const onExit = () => {
          done()
          reject(new Error(`${entry} exited before printing ${pattern}:\n${output}`))
        }
        const done = () => {
          clearTimeout(timer)
          listeners.delete(check)
          child.off('exit', onExit)
        }
        listeners.add(check)
        child.once('exit', onExit)
        check()
      })
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill(signal)
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(killer)
    },
  }
}
