import { describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import type { ConnectorFormValues } from './connector-model'
import { emptyConnectorForm, fromConnectorInfo, toConnectorInfo } from './connector-model'
import { CONNECTOR_TYPES, getConnectorType } from './registry'

const scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }

function form(type: string, overrides: Partial<ConnectorFormValues>): ConnectorFormValues {
  return { ...emptyConnectorForm(getConnectorType(type)), name: 'Repo', identifier: 'repo', ...overrides }
}

const withPassword = { type: 'UsernamePassword' as const, username: 'demo', passwordRef: 'demo_password' }

// The Harness YAML each type must produce (docs/reference/harness-api.md §2.2).
const EXPECTED: { values: ConnectorFormValues; type: string; spec: Record<string, unknown> }[] = [
  {
    type: 'Artifactory',
    values: form('Artifactory', { url: ' https://acme.jfrog.io/artifactory ', auth: withPassword }),
    spec: {
      artifactoryServerUrl: 'https://acme.jfrog.io/artifactory',
      auth: { type: 'UsernamePassword', spec: { username: 'demo', passwordRef: 'demo_password' } },
      delegateSelectors: [],
      executeOnDelegate: true,
    },
  },
  {
    type: 'DockerRegistry',
    values: form('DockerRegistry', {
      url: 'https://index.docker.io/v2/',
      auth: { type: 'Anonymous', username: '', passwordRef: '' },
      delegates: { mode: 'tagged', selectors: ['docker', 'east'] },
    }),
    spec: {
      dockerRegistryUrl: 'https://index.docker.io/v2/',
      providerType: 'DockerHub',
      auth: { type: 'Anonymous' },
      delegateSelectors: ['docker', 'east'],
      executeOnDelegate: true,
    },
  },
  {
    type: 'HttpHelmRepo',
    values: form('HttpHelmRepo', {
      url: 'https://charts.acme.test/stable',
      auth: { type: 'Anonymous', username: '', passwordRef: '' },
    }),
    spec: { helmRepoUrl: 'https://charts.acme.test/stable', auth: { type: 'Anonymous' }, delegateSelectors: [] },
  },
  {
    type: 'OciHelmRepo',
    values: form('OciHelmRepo', {
      url: 'oci://registry.acme.test:5000/charts',
      auth: { ...withPassword, passwordRef: 'account.account_demo_password' },
    }),
    spec: {
      helmRepoUrl: 'registry.acme.test:5000/charts',
      auth: { type: 'UsernamePassword', spec: { username: 'demo', passwordRef: 'account.account_demo_password' } },
      delegateSelectors: [],
    },
  },
  {
    type: 'Nexus',
    values: form('Nexus', {
      url: 'https://nexus2.acme.test/nexus',
      extras: { version: '2.x' },
      auth: { ...withPassword, passwordRef: 'org.org_demo_password' },
    }),
    spec: {
      nexusServerUrl: 'https://nexus2.acme.test/nexus',
      version: '2.x',
      auth: { type: 'UsernamePassword', spec: { username: 'demo', passwordRef: 'org.org_demo_password' } },
      delegateSelectors: [],
    },
  },
]

describe('connector spec mapping', () => {
  it('covers every registered type', () => {
    expect(EXPECTED.map((entry) => entry.type).sort()).toEqual(CONNECTOR_TYPES.map((type) => type.type).sort())
  })

  it.each(EXPECTED)("$type produces Harness's connector shape", ({ type, values, spec }) => {
    const info = toConnectorInfo(
      type,
      { ...values, tags: ['team:payments', 'prod'], description: ' Main repo ' },
      scope,
    )
    expect(info).toEqual({
      name: 'Repo',
      identifier: 'repo',
      description: 'Main repo',
      orgIdentifier: 'default',
      projectIdentifier: 'payments',
      tags: { team: 'payments', prod: '' },
      type,
      spec,
    })
  })

  it.each(EXPECTED)('$type round-trips through YAML back to the same form', ({ type, values }) => {
    const info = toConnectorInfo(type, values, scope)
    const yaml = stringify({ connector: info })
    const back = fromConnectorInfo((parse(yaml) as { connector: typeof info }).connector)
    const definition = getConnectorType(type)
    expect(back).toEqual({
      ...values,
      url: definition.url.normalize(values.url),
      auth:
        values.auth.type === 'Anonymous'
          ? { type: 'Anonymous', usernameIsSecret: false, username: '', usernameRef: '', passwordRef: '' }
          : { usernameIsSecret: false, usernameRef: '', ...values.auth },
    })
    expect(toConnectorInfo(type, back, scope)).toEqual(info)
  })

  it('writes a username held in a secret as usernameRef, and reads it back', () => {
    const values = form('DockerRegistry', {
      url: 'https://registry.acme.test:5000',
      auth: {
        type: 'UsernamePassword',
        usernameIsSecret: true,
        username: 'ignored',
        usernameRef: 'org.registry_user',
        passwordRef: 'demo_password',
      },
    })
    const info = toConnectorInfo('DockerRegistry', values, scope)
    expect(info.spec.auth).toEqual({
      type: 'UsernamePassword',
      spec: { usernameRef: 'org.registry_user', passwordRef: 'demo_password' },
    })
    expect(fromConnectorInfo(info).auth).toEqual({
      type: 'UsernamePassword',
      usernameIsSecret: true,
      username: '',
      usernameRef: 'org.registry_user',
      passwordRef: 'demo_password',
    })
  })

  it('omits org and project for an account connector', () => {
    const info = toConnectorInfo('HttpHelmRepo', EXPECTED[2]!.values, { accountIdentifier: 'acme' })
    expect(info).not.toHaveProperty('orgIdentifier')
    expect(info).not.toHaveProperty('projectIdentifier')
  })

  it('keeps everything after the first colon of a tag as its value', () => {
    const info = toConnectorInfo('HttpHelmRepo', { ...EXPECTED[2]!.values, tags: ['url:https://x', 'k'] }, scope)
    expect(info.tags).toEqual({ url: 'https://x', k: '' })
  })
})
