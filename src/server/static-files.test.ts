// @vitest-environment node
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { BACKEND_META, injectBackendMeta, resolveInside } from './static-files'

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
