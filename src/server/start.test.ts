// @vitest-environment node
import { execFile } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { DELEGATE_FILE_NAME } from '../lib/delegate-download'
import { BUILD_OUTPUTS, SERVER_ENTRY, startDecision, STAMP_FILE, writeStamp } from './start.mjs'

/**
 * Defect 11: every `npm start` type-checked and rebuilt the app (45 s to the first page). It
 * builds now only when the build's inputs are not those its stamp records; otherwise it starts
 * the built server at once. Here on a folder shaped like the app, with stand-in builds.
 */

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

async function put(root: string, file: string, content: string) {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true })
  await writeFile(path.join(root, file), content)
}

/** An app's sources and, unless `built` is false, the outputs a build leaves. */
async function appFolder({ built = true } = {}): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'start-decision-'))
  dirs.push(root)
  await put(root, 'src/main.tsx', 'export const page = 1\n')
  await put(root, 'src/server/main.ts', 'export {}\n')
  await put(root, 'public/favicon.svg', '<svg/>')
  for (const file of ['index.html', 'vite.config.ts', 'tsconfig.json', 'package-lock.json']) await put(root, file, '{}')
  await put(root, 'package.json', '{"name":"app"}')
  if (built) for (const file of BUILD_OUTPUTS) await put(root, file, '// built\n')
  return root
}

describe('whether npm start builds first', () => {
  it('starts the build as it is when the sources are those of its stamp, and builds after a change', async () => {
    const root = await appFolder()
    writeStamp(root, startDecision(root).inputs)
    expect(startDecision(root)).toMatchObject({ rebuild: false })

    await put(root, 'src/main.tsx', 'export const page = 2\n')
    expect(startDecision(root)).toMatchObject({
      rebuild: true,
      reason: 'the sources changed since the last build',
    })
    // The content decides, not the file's time: the same text again is the build's.
    await put(root, 'src/main.tsx', 'export const page = 1\n')
    expect(startDecision(root)).toMatchObject({ rebuild: false })
  })

  it('builds for a new, removed or renamed input, a changed config or lock file, and nothing else', async () => {
    const root = await appFolder()
    writeStamp(root, startDecision(root).inputs)
    const changes: [string, () => Promise<void>, () => Promise<void>][] = [
      ['a new source', () => put(root, 'src/lib/new.ts', ''), () => unlink(path.join(root, 'src/lib/new.ts'))],
      [
        'a public file',
        () => put(root, 'public/favicon.svg', '<svg />'),
        () => put(root, 'public/favicon.svg', '<svg/>'),
      ],
      ['the lock file', () => put(root, 'package-lock.json', '{"v":2}'), () => put(root, 'package-lock.json', '{}')],
      ['the Vite config', () => put(root, 'vite.config.ts', '{ }'), () => put(root, 'vite.config.ts', '{}')],
      ['index.html', () => put(root, 'index.html', '<html>'), () => put(root, 'index.html', '{}')],
    ]
    for (const [what, change, undo] of changes) {
      await change()
      expect(startDecision(root).rebuild, what).toBe(true)
      await undo()
      expect(startDecision(root).rebuild, `${what} undone`).toBe(false)
    }
    // A rename keeps every byte but not the paths.
    await unlink(path.join(root, 'src/main.tsx'))
    await put(root, 'src/main-page.tsx', 'export const page = 1\n')
    expect(startDecision(root).rebuild).toBe(true)
    await unlink(path.join(root, 'src/main-page.tsx'))
    await put(root, 'src/main.tsx', 'export const page = 1\n')

    // The server's data, the tests' results, the bench: not the build's inputs.
    await put(root, 'data/pglite/PG_VERSION', '17')
    await put(root, 'test-results/vitest.json', '{}')
    await put(root, 'bench/results/latest.json', '{}')
    expect(startDecision(root)).toMatchObject({ rebuild: false })
  })

  it('builds when there is no build, no stamp, or an output is missing', async () => {
    const fresh = await appFolder({ built: false })
    expect(startDecision(fresh)).toMatchObject({ rebuild: true, reason: `${BUILD_OUTPUTS[0]} is missing` })

    const unstamped = await appFolder()
    expect(startDecision(unstamped)).toMatchObject({ rebuild: true, reason: expect.stringContaining('no stamp') })

    const partial = await appFolder()
    writeStamp(partial, startDecision(partial).inputs)
    await unlink(path.join(partial, 'dist', 'delegate', DELEGATE_FILE_NAME))
    expect(startDecision(partial)).toMatchObject({
      rebuild: true,
      reason: `dist/delegate/${DELEGATE_FILE_NAME} is missing`,
    })
  })

  it('as npm start runs it: no build with an up-to-date stamp, one after a change, then the built server with the arguments', async () => {
    const root = await appFolder()
    await copyFile(path.resolve(import.meta.dirname, 'start.mjs'), path.join(root, 'src/server/start.mjs'))
    // Stand-ins for the builds: they say that they ran, and write what a build writes.
    const builds = path.join(root, 'builds.log')
    await put(
      root,
      'package.json',
      JSON.stringify({
        name: 'app',
        type: 'module',
        scripts: {
          build: `node -e "require('fs').appendFileSync('builds.log', 'build\\n')"`,
          'build:server': `node -e "require('fs').appendFileSync('builds.log', 'build:server\\n')"`,
        },
      }),
    )
    await put(root, SERVER_ENTRY, 'console.log(`server ${process.argv[1]} ${process.argv.slice(2).join(" ")}`)\n')
    const start = async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [path.join(root, 'src/server/start.mjs'), '--port', '0'],
        { cwd: root },
      )
      return stdout
    }
    const buildsRun = () => readFile(builds, 'utf8').catch(() => '')

    // No stamp yet: the first start builds (both parts), stamps, and starts the server.
    const first = await start()
    expect(await buildsRun()).toBe('build\nbuild:server\n')
    expect(first).toContain(`server ${path.join(root, SERVER_ENTRY)} --port 0`)

    // The second start builds nothing.
    const second = await start()
    expect(await buildsRun()).toBe('build\nbuild:server\n')
    expect(second).toContain('the build is up to date')
    expect(second).toContain(`server ${path.join(root, SERVER_ENTRY)} --port 0`)

    await put(root, 'src/main.tsx', 'export const page = 3\n')
    await start()
    expect(await buildsRun()).toBe('build\nbuild:server\n'.repeat(2))
  }, 60_000)

  it('is what npm start runs, with the server’s node flags, and not a build every time', async () => {
    const { scripts } = JSON.parse(await readFile(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
      scripts: Record<string, string>
    }
    expect(scripts.start).toBe('node --max-semi-space-size=4 --v8-pool-size=1 src/server/start.mjs')
  })

  it('knows the delegate file the build makes under the name the server serves', () => {
    expect(BUILD_OUTPUTS).toContain(`dist/delegate/${DELEGATE_FILE_NAME}`)
    expect(STAMP_FILE.startsWith('dist-server/')).toBe(true)
  })
})
