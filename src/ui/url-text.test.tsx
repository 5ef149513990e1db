import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { UrlText, urlParts } from './url-text'

describe('a URL shown where it may wrap', () => {
  it.each([
    ['http://127.0.0.1:61610/charts/stable', ['http://127.0.0.1:61610/', 'charts/', 'stable']],
    ['https://index.docker.io/v2/', ['https://index.docker.io/', 'v2/']],
    ['oci://registry.acme.test:5000/charts', ['oci://registry.acme.test:5000/', 'charts']],
    ['registry.acme.test:5000/charts', ['registry.acme.test:5000/', 'charts']],
    ['https://acme.jfrog.io', ['https://acme.jfrog.io']],
  ])('splits %s only after its slashes, keeping scheme, host and port whole', (url, parts) => {
    expect(urlParts(url)).toEqual(parts)
  })

  it('keeps the whole URL as its text and its title', () => {
    const url = 'https://artifacts.internal.example.com:8443/artifactory/api/helm/helm-virtual-remote'
    render(<UrlText url={url} />)
    expect(screen.getByTitle(url)).toHaveTextContent(url, { normalizeWhitespace: false })
  })
})
