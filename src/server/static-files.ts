import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { ENCODED_SUFFIX, preferredEncoding } from './precompressed-assets'
import { harnessError } from './security'

/**
 * The built app (`dist/`): its files, and `index.html` for every route of the single-page app
 * (`/account/acme/orgs/default/projects/payments/connectors`), told by a meta tag that the API
 * is this server's (the page then does not start its in-browser mock backend).
 */

export const BACKEND_META = '<meta name="connectors-backend" content="server" />'
export const SIMULATED_BACKEND_META = '<meta name="connectors-backend" content="server simulated-world" />'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

/** Vite names the files of `assets/` by their content: they never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable'
/** Other files (favicon.svg) may change with a new build: revalidate. */
const REVALIDATE = 'no-cache'

/** `index.html` with the meta tag that says the API is this server, last in its head. */
export function injectBackendMeta(html: string, simulatedWorld = false, signIn = false): string {
  // The simulated world says so, so that the app shows its guide and Reset without asking; a
  // server that requires sign-in says so too (the app then asks who is signed in).
  const base = simulatedWorld ? SIMULATED_BACKEND_META : BACKEND_META
  const tags = signIn ? base.replace(/content="([^"]*)"/, 'content="$1 sign-in"') : base
  const end = html.search(/<\/head>/i)
  if (end >= 0) return `${html.slice(0, end)}  ${tags}\n  ${html.slice(end)}`
  const head = /<head(\s[^>]*)?>/i.exec(html)
  if (!head) return `${tags}\n${html}`
  const after = head.index + head[0].length
  return `${html.slice(0, after)}${tags}${html.slice(after)}`
}

/** The file of `root` a URL path names, or undefined when it would leave `root`. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`)
  const base = path.resolve(root)
  return file === base || file.startsWith(base + path.sep) ? file : undefined
}

/** A route of the app rather than a file: its last segment has no extension. */
function isAppRoute(urlPath: string): boolean {
  const last = urlPath.split('/').pop() ?? ''
  return !last.includes('.')
}

/** A regular file's size and time, or undefined when there is none. */
async function regularFile(file: string): Promise<{ size: number; mtime: Date } | undefined> {
  const info = await stat(file).catch(() => undefined)
  return info?.isFile() ? info : undefined
}

export function createStaticFiles(
  distDir: string,
  { simulatedWorld = false, signIn = false }: { simulatedWorld?: boolean; signIn?: boolean } = {},
) {
  const root = path.resolve(distDir)

  async function indexHtml(): Promise<Response> {
    let html: string
    try {
      html = await readFile(path.join(root, 'index.html'), 'utf8')
    } catch {
      return harnessError(404, 'RESOURCE_NOT_FOUND_EXCEPTION', 'The app is not built: run npm run build.')
    }
    return new Response(injectBackendMeta(html, simulatedWorld, signIn), {
      headers: { 'Content-Type': CONTENT_TYPES['.html']!, 'Cache-Control': 'no-store' },
    })
  }

  /**
   * The answer to a GET (or, without the body, a HEAD) of `urlPath`, which is not an API path;
   * a file of `assets/` compressed by the build when `acceptEncoding` allows it.
   */
  return async function serve(urlPath: string, head = false, acceptEncoding?: string | null): Promise<Response> {
    if (urlPath === '/' || urlPath === '/index.html') return indexHtml()
    const file = resolveInside(root, urlPath)
    const isAsset = urlPath.startsWith('/assets/')
    // The build's compressed copies are sent for their originals, never as files of their own.
    const compressedCopy = Object.values(ENCODED_SUFFIX).some((suffix) => urlPath.endsWith(suffix))
    if (file !== undefined && !(isAsset && compressedCopy)) {
      const info = await regularFile(file)
      if (info) {
        const extension = path.extname(file).toLowerCase()
        const encoding = isAsset ? preferredEncoding(acceptEncoding) : undefined
        const encodedFile = encoding && file + ENCODED_SUFFIX[encoding]
        const encoded = encodedFile ? await regularFile(encodedFile) : undefined
        const sent = encodedFile && encoded ? { file: encodedFile, size: encoded.size } : { file, size: info.size }
        const body = head ? null : (Readable.toWeb(createReadStream(sent.file)) as ReadableStream<Uint8Array>)
        return new Response(body, {
          headers: {
            'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
            'Content-Length': String(sent.size),
            'Cache-Control': isAsset ? IMMUTABLE : REVALIDATE,
            'Last-Modified': info.mtime.toUTCString(),
            ...(encoded ? { 'Content-Encoding': encoding } : {}),
            ...(isAsset ? { Vary: 'Accept-Encoding' } : {}),
          },
        })
      }
    }
    if (isAppRoute(urlPath) && !isAsset) return indexHtml()
    return harnessError(404, 'RESOURCE_NOT_FOUND_EXCEPTION', 'No such file.')
  }
}
