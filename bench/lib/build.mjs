import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

/**
 * Builds the app and the React floor with the app's own Vite, and reads what they emitted.
 * Output goes to a temporary folder, never to dist/, which the browser tests may be serving.
 */

/** The production build (`vite build`, the app's vite.config.ts), plus a manifest to classify chunks. */
export function buildApp(appRoot, outDir) {
  const vite = path.join(appRoot, 'node_modules/vite/bin/vite.js')
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--manifest', '--logLevel', 'warn'],
    { cwd: appRoot, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production', NO_COLOR: '1' } },
  )
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`)
}

/**
 * A bare React + ReactDOM hello world, built with the same Vite, React plugin and target as the
 * app, so that app / floor says how much the app adds over React itself.
 */
export async function buildFloor(appRoot, workDir) {
  const root = path.join(workDir, 'floor-src')
  const outDir = path.join(workDir, 'floor')
  mkdirSync(root, { recursive: true })
  writeFileSync(
    path.join(root, 'index.html'),
    '<!doctype html>\n<html lang="en"><head><meta charset="UTF-8" /><title>Floor</title></head>\n' +
      '<body><div id="root"></div><script type="module" src="/main.jsx"></script></body></html>\n',
  )
  writeFileSync(
    path.join(root, 'main.jsx'),
    "import { StrictMode } from 'react'\nimport { createRoot } from 'react-dom/client'\n\n" +
      "createRoot(document.getElementById('root')).render(<StrictMode><h1>Hello, world</h1></StrictMode>)\n",
  )
  // Resolve react, react-dom and vite's helpers from the app's node_modules: no extra install.
  symlinkSync(path.join(appRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir')
  const { build } = await import('vite')
  const { default: react } = await import('@vitejs/plugin-react')
  const previous = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({
      root,
      configFile: false,
      logLevel: 'warn',
      plugins: [react()],
      build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: false },
    })
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = previous
  }
  return outDir
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? (name === '.vite' ? [] : walk(full)) : [full]
  })
}

/** Level 9, which gives the same figures as Vite's own build report. */
export function gzipSize(file) {
  return gzipSync(readFileSync(file), { level: 9 }).length
}

/** Every emitted JavaScript and CSS file, with its raw and gzip size. */
export function emittedChunks(outDir) {
  return walk(outDir)
    .filter((file) => /\.(m?js|css)$/.test(file))
    .map((file) => ({
      file: path.relative(outDir, file).split(path.sep).join('/'),
      raw: statSync(file).size,
      gzip: gzipSize(file),
    }))
    .sort((a, b) => b.gzip - a.gzip)
}

/**
 * Sorts the built files into the app's first-load graph (index.html and what it imports
 * statically), the mock backend (what its dynamic import adds) and the other lazy chunks, from
 * Vite's manifest. Used only to label what the browser was seen to load.
 */
export function classifyChunks(outDir) {
  const manifest = JSON.parse(readFileSync(path.join(outDir, '.vite/manifest.json'), 'utf8'))
  const closure = (key, seen = new Set()) => {
    if (seen.has(key) || !manifest[key]) return seen
    seen.add(key)
    for (const imported of manifest[key].imports ?? []) closure(imported, seen)
    return seen
  }
  const files = (keys) => new Set([...keys].map((key) => manifest[key].file))
  const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry)
  if (!entryKey) throw new Error('no entry in the Vite manifest')
  const entry = files(closure(entryKey))
  const mockKey = Object.keys(manifest).find(
    (key) => manifest[key].isDynamicEntry && key.includes('demo-backend/start-browser-mock-backend'),
  )
  if (!mockKey)
    throw new Error('the mock backend is not a dynamic chunk of its own (src/demo-backend/start-browser-mock-backend)')
  const mock = new Set([...files(closure(mockKey))].filter((file) => !entry.has(file)))
  // A chunk the mock backend shares with a lazy part of the app (say, a YAML parser) is both.
  const lazyKeys = Object.keys(manifest).filter((key) => manifest[key].isDynamicEntry && key !== mockKey)
  const lazy = new Set(lazyKeys.flatMap((key) => [...files(closure(key))]).filter((file) => !entry.has(file)))
  const kindOf = (file) =>
    entry.has(file)
      ? 'app'
      : mock.has(file)
        ? lazy.has(file)
          ? 'mock backend, shared with lazy'
          : 'mock backend'
        : 'lazy'
  return { entry, mock, kindOf, entryFile: manifest[entryKey].file, mockEntryFile: manifest[mockKey].file }
}
