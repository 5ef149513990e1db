import { describe, expect, it } from 'vitest'
import { searchConnectorTypes, otherCategoryHints } from '../connectors/wizard/catalog-search'
import { CONNECTOR_TYPES, getConnectorType } from './registry'

// README.md's "Connector types" table: the names users and tests rely on.
const PRODUCT_TABLE = [
  {
    type: 'Artifactory',
    label: 'Artifactory',
    url: 'Artifactory Repository URL',
    key: 'artifactoryServerUrl',
    auth: ['UsernamePassword', 'Anonymous'],
  },
  {
    type: 'DockerRegistry',
    label: 'Docker Registry',
    url: 'Docker Registry URL',
    key: 'dockerRegistryUrl',
    auth: ['UsernamePassword', 'Anonymous'],
  },
  {
    type: 'HttpHelmRepo',
    label: 'HTTP Helm',
    url: 'Helm Repository URL',
    key: 'helmRepoUrl',
    auth: ['UsernamePassword', 'Anonymous'],
  },
  {
    type: 'OciHelmRepo',
    label: 'OCI Helm Registry',
    url: 'Helm Repository URL',
    key: 'helmRepoUrl',
    auth: ['UsernamePassword'],
  },
  {
    type: 'Nexus',
    label: 'Nexus',
    url: 'Nexus Repository URL',
    key: 'nexusServerUrl',
    auth: ['UsernamePassword', 'Anonymous'],
  },
]

describe('connector-type registry', () => {
  it.each(PRODUCT_TABLE)('$type matches the product table', (row) => {
    const definition = getConnectorType(row.type)
    expect(definition.label).toBe(row.label)
    expect(definition.url.label).toBe(row.url)
    expect(definition.url.specKey).toBe(row.key)
    expect(definition.authTypes).toEqual(row.auth)
    expect(definition.category).toBe('ARTIFACTORY')
  })

  it('holds every type of the product table, each once', () => {
    const types = CONNECTOR_TYPES.map((type) => type.type)
    expect(types).toEqual(expect.arrayContaining(PRODUCT_TABLE.map((row) => row.type)))
    expect(new Set(types).size).toBe(types.length)
  })

  it('gives Docker a Provider Type and Nexus a Version with defaults among their options', () => {
    expect(
      getConnectorType('DockerRegistry').fields.map((field) => [field.label, field.options.map((o) => o.value)]),
    ).toEqual([['Provider Type', ['DockerHub', 'Harbor', 'Quay', 'Other']]])
    expect(getConnectorType('Nexus').fields.map((field) => [field.label, field.options.map((o) => o.value)])).toEqual([
      ['Version', ['3.x', '2.x']],
    ])
    for (const definition of CONNECTOR_TYPES) {
      for (const field of definition.fields) {
        expect(field.options.map((option) => option.value)).toContain(field.defaultValue)
      }
    }
  })
})

/** WCAG's contrast ratio of white text on a background colour. */
function contrastWithWhite(hex: string): number {
  const channel = (index: number) => {
    const value = parseInt(hex.slice(index, index + 2), 16) / 255
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4
  }
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
  return 1.05 / (luminance + 0.05)
}

describe('type icons', () => {
  it.each(CONNECTOR_TYPES.map((type) => [type.label, type.icon.background] as const))(
    '%s’s white monogram is readable on its colour (at least 4.5:1)',
    (_, background) => {
      expect(contrastWithWhite(background)).toBeGreaterThanOrEqual(4.5)
    },
  )
})

describe('catalog search', () => {
  it.each(['ACR', 'ECR', 'GCR', 'GHCR', 'Harbor', 'Quay'])('finds Docker Registry for %s', (query) => {
    expect(searchConnectorTypes(CONNECTOR_TYPES, query).map((type) => type.label)).toContain('Docker Registry')
  })

  it.each(['Harbor', 'Azure', 'registry:2'])('finds OCI Helm Registry for %s, which its card names', (query) => {
    expect(searchConnectorTypes(CONNECTOR_TYPES, query).map((type) => type.label)).toContain('OCI Helm Registry')
  })

  it('finds both Helm types first for helm, then what hosts Helm charts', () => {
    expect(searchConnectorTypes(CONNECTOR_TYPES, 'helm').map((type) => type.label)).toEqual([
      'HTTP Helm',
      'OCI Helm Registry',
      'Artifactory',
    ])
  })

  it.each([
    ['S3', /Amazon S3.*Cloud Providers/],
    ['Google Cloud Storage', /Google Cloud Storage.*Cloud Providers/],
    ['gcs', /Google Cloud Storage/],
  ])('explains that %s is a Cloud Providers connector', (query, message) => {
    expect(searchConnectorTypes(CONNECTOR_TYPES, query)).toEqual([])
    expect(otherCategoryHints(query).join(' ')).toMatch(message)
  })
})
