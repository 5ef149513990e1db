import { describe, expect, it } from 'vitest'
import type { CatalogueResponse, ConnectorResponse, PageResponse } from '../lib/api-types'
import { describeOnBothHosts } from '../test/both-hosts'
import {
  ACCOUNT,
  CHECKOUT,
  ORG,
  PAYMENTS,
  call,
  connectorInfo,
  createConnector,
  dockerConnector,
} from './api-test-helpers'

describeOnBothHosts('connector API', () => {
  describe('connector catalogue and identifiers', () => {
    it('lists the registry types under Artifact Repositories', async () => {
      const { status, data } = await call<CatalogueResponse>('GET', '/ng/api/connectors/catalogue', { scope: PAYMENTS })
      expect(status).toBe(200)
      expect(data.catalogue).toEqual([
        {
          category: 'ARTIFACTORY',
          connectors: ['Artifactory', 'DockerRegistry', 'HttpHelmRepo', 'OciHelmRepo', 'Nexus'],
        },
      ])
    })

    it('answers the envelope shape with a correlation id', async () => {
      const { text } = await call('GET', '/ng/api/connectors/catalogue', { scope: PAYMENTS })
      expect(JSON.parse(text)).toMatchObject({ status: 'SUCCESS', metaData: null, correlationId: expect.any(String) })
    })

    it('says whether an identifier is free in the scope', async () => {
      const taken = await call<boolean>('GET', '/ng/api/connectors/validateUniqueIdentifier', {
        scope: PAYMENTS,
        query: { identifier: 'docker_hub_public' },
      })
      const free = await call<boolean>('GET', '/ng/api/connectors/validateUniqueIdentifier', {
        scope: PAYMENTS,
        query: { identifier: 'brand_new' },
      })
      const otherProject = await call<boolean>('GET', '/ng/api/connectors/validateUniqueIdentifier', {
        scope: CHECKOUT,
        query: { identifier: 'docker_hub_public' },
      })
      expect([taken.data, free.data, otherProject.data]).toEqual([false, true, true])
    })

    it('refuses a scope that does not exist', async () => {
      const { status, error } = await call('GET', '/ng/api/connectors/catalogue', {
        scope: { accountIdentifier: 'acme', orgIdentifier: 'nope' },
      })
      expect(status).toBe(404)
      expect(error.message).toBe('Organization nope does not exist.')
    })
  })

  describe('creating, reading, updating and deleting connectors', () => {
    it('creates a connector, then gets it and lists it', async () => {
      const created = await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'my_registry'))
      expect(created.status).toBe(200)
      const response = created.data as ConnectorResponse
      expect(response.status).toEqual({ status: 'UNKNOWN' })
      expect(response.harnessManaged).toBe(false)
      expect(response.createdAt).toBe(response.lastModifiedAt)
      expect(response.connector).toMatchObject({
        identifier: 'my_registry',
        orgIdentifier: 'default',
        projectIdentifier: 'payments',
        type: 'DockerRegistry',
        spec: {
          dockerRegistryUrl: 'https://registry.acme.test:5000',
          providerType: 'Other',
          auth: { type: 'UsernamePassword', spec: { username: 'demo', passwordRef: 'demo_password' } },
          delegateSelectors: [],
          executeOnDelegate: true,
        },
      })

      const got = await call<ConnectorResponse>('GET', '/ng/api/connectors/my_registry', { scope: PAYMENTS })
      expect(got.data).toEqual(response)

      const list = await call<PageResponse<ConnectorResponse>>('POST', '/ng/api/connectors/listV2', {
        scope: PAYMENTS,
        body: { filterType: 'Connector' },
      })
      expect(list.data.content.map((item) => item.connector.identifier)).toEqual(['my_registry', 'docker_hub_public'])
    })

    it('stores the URL as the type normalizes it', async () => {
      const oci = connectorInfo('OciHelmRepo', PAYMENTS, {
        name: 'Charts',
        identifier: 'charts',
        url: 'x',
        auth: { type: 'UsernamePassword', username: 'demo', passwordRef: 'demo_password' },
      })
      oci.spec.helmRepoUrl = '  oci://registry.acme.test:5000/charts/ '
      const { data } = await createConnector(PAYMENTS, oci)
      expect((data as ConnectorResponse).connector.spec.helmRepoUrl).toBe('registry.acme.test:5000/charts')
    })

    it('refuses a duplicate identifier with Harness’s message', async () => {
      const connector = { ...dockerConnector(PAYMENTS, 'docker_hub_public'), name: 'Another hub' }
      const { status, error } = await createConnector(PAYMENTS, connector)
      expect(status).toBe(400)
      expect(error).toMatchObject({
        status: 'ERROR',
        code: 'DUPLICATE_FIELD',
        message:
          'Connector: Another hub has been given an identifier: docker_hub_public that already exists. Please enter a unique ID.',
      })
    })

    it('keeps identifiers unique per scope only', async () => {
      expect((await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'shared_id'))).status).toBe(200)
      expect(
        (await createConnector(CHECKOUT, dockerConnector(CHECKOUT, 'shared_id', 'org.org_demo_password'))).status,
      ).toBe(200)
      expect((await createConnector(ORG, dockerConnector(ORG, 'shared_id', 'org_demo_password'))).status).toBe(200)
      expect(
        (await createConnector(CHECKOUT, dockerConnector(CHECKOUT, 'shared_id', 'org.org_demo_password'))).status,
      ).toBe(400)
    })

    it('takes the scope from the body when the query names only the account, as Harness’s own client sends it', async () => {
      const { status, data } = await call<ConnectorResponse>('POST', '/ng/api/connectors', {
        scope: ACCOUNT,
        body: { connector: dockerConnector(CHECKOUT, 'body_scoped', 'org.org_demo_password') },
      })
      expect(status).toBe(200)
      expect(data.connector.projectIdentifier).toBe('checkout')
      expect((await call('GET', '/ng/api/connectors/body_scoped', { scope: CHECKOUT })).status).toBe(200)
    })

    it('refuses a body whose scope differs from the query', async () => {
      const { status, error } = await createConnector(CHECKOUT, dockerConnector(PAYMENTS, 'moved'))
      expect(status).toBe(400)
      expect(error.errors?.map((entry) => entry.fieldId)).toEqual(['projectIdentifier'])
    })

    it('updates a connector, keeping its identifier, creation time and status', async () => {
      const before = await call<ConnectorResponse>('GET', '/ng/api/connectors/docker_hub_public', { scope: PAYMENTS })
      const connector = { ...before.data.connector, name: 'Docker Hub', description: 'Renamed' }
      const { status, data } = await call<ConnectorResponse>('PUT', '/ng/api/connectors', {
        scope: PAYMENTS,
        body: { connector },
      })
      expect(status).toBe(200)
      expect(data.connector.name).toBe('Docker Hub')
      expect(data.createdAt).toBe(before.data.createdAt)
      expect(data.lastModifiedAt).toBeGreaterThan(before.data.lastModifiedAt)
      expect(data.status.status).toBe('SUCCESS')
    })

    it('refuses to update a connector that does not exist, or to change its type', async () => {
      const missing = await call('PUT', '/ng/api/connectors', {
        scope: PAYMENTS,
        body: { connector: dockerConnector(PAYMENTS, 'ghost') },
      })
      expect(missing.status).toBe(404)
      expect(missing.error.message).toBe(
        'Connector with identifier [ghost] in project payments in organization default not found',
      )

      const nexus = connectorInfo('Nexus', PAYMENTS, {
        name: 'Hub',
        identifier: 'docker_hub_public',
        url: 'https://nexus.acme.test',
        auth: { type: 'Anonymous', username: '', passwordRef: '' },
      })
      const retyped = await call('PUT', '/ng/api/connectors', { scope: PAYMENTS, body: { connector: nexus } })
      expect(retyped.status).toBe(400)
      expect(retyped.error.errors?.[0]?.fieldId).toBe('type')
    })

    it('deletes a connector (forced: a seeded pipeline uses this one)', async () => {
      const force = { forceDelete: 'true' }
      const deleted = await call<boolean>('DELETE', '/ng/api/connectors/docker_hub_public', {
        scope: PAYMENTS,
        query: force,
      })
      expect(deleted.data).toBe(true)
      expect((await call('GET', '/ng/api/connectors/docker_hub_public', { scope: PAYMENTS })).status).toBe(404)
      expect(
        (await call('DELETE', '/ng/api/connectors/docker_hub_public', { scope: PAYMENTS, query: force })).status,
      ).toBe(404)
    })

    it('finds the account connector only at account scope', async () => {
      expect((await call('GET', '/ng/api/connectors/acme_artifactory', { scope: ACCOUNT })).status).toBe(200)
      expect((await call('GET', '/ng/api/connectors/acme_artifactory', { scope: PAYMENTS })).status).toBe(404)
    })
  })

  describe('server-side validation of connector bodies', () => {
    async function fieldErrors(connector: unknown, scope = PAYMENTS) {
      const { status, error } = await call('POST', '/ng/api/connectors', { scope, body: { connector } })
      expect(status).toBe(400)
      expect(error.code).toBe('INVALID_REQUEST')
      return Object.fromEntries((error.errors ?? []).map((entry) => [entry.fieldId, entry.error]))
    }

    it('refuses a URL the type cannot use', async () => {
      const connector = dockerConnector(PAYMENTS, 'bad_url')
      connector.spec.dockerRegistryUrl = 'registry.acme.test'
      expect(await fieldErrors(connector)).toEqual({
        'spec.dockerRegistryUrl':
          'The URL needs its scheme: https://registry.acme.test (or http:// if the server only speaks http).',
      })
    })

    it('refuses a bad identifier and a reserved word', async () => {
      expect(await fieldErrors(dockerConnector(PAYMENTS, '9lives'))).toEqual({
        identifier: 'Identifier must start with a letter or _, not a digit.',
      })
      expect(await fieldErrors(dockerConnector(PAYMENTS, 'my-registry'))).toHaveProperty('identifier')
      expect(await fieldErrors(dockerConnector(PAYMENTS, 'account'))).toEqual({
        identifier: '"account" is a reserved word and cannot be an identifier.',
      })
      expect(await fieldErrors(dockerConnector(PAYMENTS, 'harnessSecretManager'))).toHaveProperty('identifier')
    })

    it('refuses anonymous access on an OCI Helm Registry', async () => {
      const connector = connectorInfo('OciHelmRepo', PAYMENTS, {
        name: 'OCI',
        identifier: 'oci',
        url: 'registry.acme.test:5000/charts',
      })
      connector.spec.auth = { type: 'Anonymous' }
      expect(await fieldErrors(connector)).toEqual({
        'spec.auth.type':
          'Anonymous (no credentials required) authentication is not available for OCI Helm Registry connectors: use Username and Password.',
      })
    })

    it('refuses what the type’s own rules refuse: _json_key on OCI, unknown options, missing credentials', async () => {
      const oci = connectorInfo('OciHelmRepo', PAYMENTS, {
        name: 'GCR charts',
        identifier: 'gcr_charts',
        url: 'gcr.io/acme',
        auth: { type: 'UsernamePassword', username: '_json_key', passwordRef: 'demo_password' },
      })
      expect(Object.keys(await fieldErrors(oci))).toEqual(['spec.auth.spec.username'])

      const docker = dockerConnector(PAYMENTS, 'odd_provider')
      docker.spec.providerType = 'Gitea'
      expect(await fieldErrors(docker)).toEqual({
        'spec.providerType': '"Gitea" is not a valid Provider Type: choose one of DockerHub, Harbor, Quay, Other.',
      })

      const noPassword = dockerConnector(PAYMENTS, 'no_password')
      noPassword.spec.auth = { type: 'UsernamePassword', spec: { username: '' } }
      expect(Object.keys(await fieldErrors(noPassword))).toEqual([
        'spec.auth.spec.username',
        'spec.auth.spec.passwordRef',
      ])
    })

    it('refuses an unknown type, a bad name and a body that is not a connector', async () => {
      expect(Object.keys(await fieldErrors({ ...dockerConnector(PAYMENTS, 'x1'), type: 'Jenkins' }))).toEqual(['type'])
      expect(Object.keys(await fieldErrors({ ...dockerConnector(PAYMENTS, 'x2'), name: ' leading space' }))).toEqual([
        'name',
      ])
      const garbage = await call('POST', '/ng/api/connectors', { scope: PAYMENTS, body: ['nope'] })
      expect(garbage.status).toBe(400)
    })

    it('reports every problem at once', async () => {
      const connector = {
        ...dockerConnector(PAYMENTS, 'null'),
        name: '',
        spec: { dockerRegistryUrl: '', auth: { type: 'Token' } },
      }
      const errors = await fieldErrors(connector)
      expect(Object.keys(errors).sort()).toEqual([
        'identifier',
        'name',
        'spec.auth.type',
        'spec.dockerRegistryUrl',
        'spec.providerType',
      ])
    })
  })
})

// The in-browser host only: the page's own origin is where the app sends its calls there.
describe('connector API on the page’s origin', () => {
  it('answers absolute URLs on the page’s origin, as the app builds them', async () => {
    expect(window.location.origin).toBe('http://localhost:3000')
    const response = await fetch('http://localhost:3000/ng/api/connectors/catalogue?accountIdentifier=acme')
    expect(response.status).toBe(200)
  })
})
