// @vitest-environment node
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { precompressAssets, preferredEncoding } from './precompressed-assets'
import { BACKEND_META, createStaticFiles, injectBackendMeta, resolveInside } from './static-files'

describe('injectBackendMeta', () => {
  it('puts the meta tag last in <head>, once', () => {
    const html =
      '<!doctype html><html><head lang="x"><meta charset="UTF-8" /><title>t</title></head><body></body></html>'
    const injected = injectBackendMeta(html)
    expect(injected).toMatch(
      /<head lang="x"><meta charset="UTF-8" \/><title>t<\/title>\s*<meta name="connectors-backend" content="server" \/>\s*<\/head>/,
    )
    expect(injected.match(/connectors-backend/g)).toHaveLength(1)
  })

  it('opens the head when it is not closed, and does not take <header> for <head>', () => {
    expect(injectBackendMeta('<header></header><head><title>t</title>')).toBe(
      `<header></header><head>${BACKEND_META}<title>t</title>`,
    )
  })
})

describe('resolveInside', () => {
  const root = path.resolve('/srv/dist')

  it('maps a URL path to a file of the root', () => {
    expect(resolveInside(root, '/assets/index-abc.js')).toBe(path.join(root, 'assets', 'index-abc.js'))
    expect(resolveInside(root, '/a%20b.txt')).toBe(path.join(root, 'a b.txt'))
  })

  it.each(['/../etc/passwd', '/%2e%2e/etc/passwd', '/assets/..%2f..%2fetc/passwd', '/a%00.js', '/..\\x', '/%E0%A4%A'])(
    'never leaves the root: %s',
    (urlPath) => {
      const file = resolveInside(root, urlPath)
      if (file !== undefined) expect(file.startsWith(root + path.sep)).toBe(true)
    },
  )
})

describe('precompressed assets', () => {
  async function builtApp(): Promise<{ dist: string; script: string }> {
    const dist = await mkdtemp(path.join(tmpdir(), 'static-files-'))
    await mkdir(path.join(dist, 'assets'))
    // Compressible, and larger than the smallest size worth compressing.
    const script = Array.from({ length: 400 }, (_, n) => `export const value${n} = ${n} * 2;`).join('\n')
    await writeFile(path.join(dist, 'assets', 'app-1a2b.js'), script)
    await writeFile(path.join(dist, 'assets', 'tiny-3c4d.js'), 'export {}')
    await writeFile(path.join(dist, 'favicon.svg'), `<svg xmlns="http://www.w3.org/2000/svg">${' '.repeat(2000)}</svg>`)
    await precompressAssets().writeBundle(
      { dir: dist },
      { a: { fileName: 'assets/app-1a2b.js' }, b: { fileName: 'assets/tiny-3c4d.js' }, c: { fileName: 'favicon.svg' } },
    )
    return { dist, script }
  }

  it('the build writes Brotli and gzip beside each hashed file worth compressing, and only those', async () => {
    const { dist } = await builtApp()
    expect((await readdir(path.join(dist, 'assets'))).sort()).toEqual([
      'app-1a2b.js',
      'app-1a2b.js.br',
      'app-1a2b.js.gz',
      'tiny-3c4d.js',
    ])
    expect(await readdir(dist)).not.toContain('favicon.svg.br')
    await rm(dist, { recursive: true })
  })

  it('sends the encoding the browser accepts, the same bytes once decoded', async () => {
    const { dist, script } = await builtApp()
    const serve = createStaticFiles(dist)
    const brotli = await serve('/assets/app-1a2b.js', false, 'gzip, deflate, br')
    expect(brotli.headers.get('Content-Encoding')).toBe('br')
    expect(brotli.headers.get('Vary')).toBe('Accept-Encoding')
    const brotliBytes = Buffer.from(await brotli.arrayBuffer())
    expect(Number(brotli.headers.get('Content-Length'))).toBe(brotliBytes.length)
    expect(brotliBytes.length).toBeLessThan(script.length / 4)
    expect(brotliDecompressSync(brotliBytes).toString()).toBe(script)

    const gzip = await serve('/assets/app-1a2b.js', false, 'gzip;q=0.5, br;q=0')
    expect(gzip.headers.get('Content-Encoding')).toBe('gzip')
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(script)

    for (const refused of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
      const plain = await serve('/assets/app-1a2b.js', false, refused)
      expect(plain.headers.get('Content-Encoding')).toBeNull()
      expect(await plain.text()).toBe(script)
    }
    // A HEAD says what a GET would send.
    const head = await serve('/assets/app-1a2b.js', true, 'br')
    expect(head.body).toBeNull()
    expect(head.headers.get('Content-Length')).toBe(String(brotliBytes.length))
    // The compressed copies are not files of their own.
    expect((await serve('/assets/app-1a2b.js.br', false, 'br')).status).toBe(404)
    expect((await serve('/assets/app-1a2b.js.gz', false, 'gzip')).status).toBe(404)
    // A file the build did not compress is sent as it is (the server's middleware may still).
    expect((await serve('/assets/tiny-3c4d.js', false, 'br')).headers.get('Content-Encoding')).toBeNull()
    await rm(dist, { recursive: true })
  })
})

describe('preferredEncoding', () => {
  it.each([
    ['br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['GZIP', 'gzip'],
    ['gzip;q=1.0, br;q=0', 'gzip'],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    ['br;q=0.5, gzip;q=1', 'gzip'],
    ['gzip, br;q=0.1', 'gzip'],
    ['gzip;q=0.8, br;q=0.8', 'br'],
    ['br;q=foo, gzip;q=0.2', 'gzip'],
    ['br;q=1.5', undefined],
    ['identity', undefined],
    ['deflate', undefined],
    ['br;q=0, gzip;q=0', undefined],
    ['', undefined],
  ])('%j → %s', (header, expected) => {
    expect(preferredEncoding(header)).toBe(expected)
  })
})
