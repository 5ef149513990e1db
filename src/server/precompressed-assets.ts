import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

/**
 * The app's hashed files (`dist/assets/`) never change, so the build compresses them once, as
 * hard as the formats allow, next to each file (`x.js.br`, `x.js.gz`), and the server sends the
 * one the browser accepts. Brotli at its highest quality is ~13% smaller than gzip for our
 * scripts: on a phone's slow network, bytes are what the first screen waits for.
 */

export type PrecompressedEncoding = 'br' | 'gzip'

/** The file of each encoding, next to the original. */
export const ENCODED_SUFFIX: Record<PrecompressedEncoding, string> = { br: '.br', gzip: '.gz' }

const COMPRESSIBLE = /\.(js|mjs|css|svg|json|html|txt|webmanifest)$/
/** Below this, compression saves less than a packet. */
const SMALLEST = 1024

/**
 * The encoding to send from `Accept-Encoding`: the one the browser ranks highest (its `q`),
 * Brotli on a tie; none when both are refused (`q=0`, or a `q` that is not a number). `*`
 * stands for any encoding not named.
 */
export function preferredEncoding(acceptEncoding: string | null | undefined): PrecompressedEncoding | undefined {
  if (!acceptEncoding) return undefined
  const weights = new Map<string, number>()
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((param) => /^\s*q=(.*)$/.exec(param)?.[1]?.trim()).find((value) => value !== undefined)
    const weight = q === undefined ? 1 : /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(q) ? Number(q) : 0
    if (name) weights.set(name, weight)
  }
  const weightOf = (...names: string[]) => Math.max(...names.map((name) => weights.get(name) ?? weights.get('*') ?? 0))
  const brotli = weightOf('br')
  const gzip = weightOf('gzip', 'x-gzip')
  if (brotli > 0 && brotli >= gzip) return 'br'
  if (gzip > 0) return 'gzip'
  return undefined
}

/**
 * A Vite plugin for the app's build (not the server's): writes `.br` and `.gz` beside each
 * compressible file of `assets/`, from the files as written (minified, hashed).
 */
export function precompressAssets() {
  return {
    name: 'precompress-assets',
    apply: (_config: unknown, { command, isSsrBuild }: { command: string; isSsrBuild?: boolean }) =>
      command === 'build' && !isSsrBuild,
    async writeBundle(options: { dir?: string }, bundle: Record<string, { fileName: string }>) {
      const dir = options.dir
      if (!dir) return
      await Promise.all(
        Object.values(bundle)
          .filter(({ fileName }) => fileName.startsWith('assets/') && COMPRESSIBLE.test(fileName))
          .map(async ({ fileName }) => {
            const file = path.join(dir, fileName)
            const content = await readFile(file)
            if (content.length < SMALLEST) return
            const brotli = brotliCompressSync(content, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
              },
            })
            await writeFile(file + ENCODED_SUFFIX.br, brotli)
            await writeFile(file + ENCODED_SUFFIX.gzip, gzipSync(content, { level: constants.Z_BEST_COMPRESSION }))
          }),
      )
    },
  }
}
