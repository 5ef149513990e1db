import { describe, expect, it } from 'vitest'
import type { EntitySetupUsage, PageResponse, PipelineResponse } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { ACCOUNT, CHECKOUT, PAYMENTS, call, createConnector, dockerConnector } from './api-test-helpers'

function usage(fqn: string, extra: Record<string, string> = {}) {
  return call<PageResponse<EntitySetupUsage>>('GET', '/ng/api/entitySetupUsage', {
    query: { accountIdentifier: 'acme', referredEntityFQN: fqn, referredEntityType: 'Connectors', ...extra },
  })
}

async function users(fqn: string): Promise<string[]> {
  const { data } = await usage(fqn)
  return data.content.map(
    (row) => `${row.referredByEntity.entityRef.projectIdentifier}/${row.referredByEntity.entityRef.identifier}`,
  )
}

/** A copy of the seeded deploy pipeline in `scope`, its primary source (of the fitting type) using `connectorRef`. */
async function createPipelineUsing(scope: Scope, identifier: string, connectorRef: string) {
  const seeded = (
    await call<PipelineResponse>('GET', '/pipeline/api/pipelines/deploy_payments_api', { scope: PAYMENTS })
  ).data.yamlPipeline
  const source = connectorRef.includes('artifactory')
    ? `{ type: ArtifactoryRegistry, spec: { connectorRef: ${connectorRef}, repository: docker-local, artifactPath: payments/api, tag: "1" } }`
    : `{ type: DockerRegistry, spec: { connectorRef: ${connectorRef}, imagePath: library/nginx, tag: "1" } }`
  const yaml = seeded
    .replace(/deploy_payments_api/g, identifier)
    .replace('name: Deploy payments API', `name: Deploy ${identifier}`)
    .replace('projectIdentifier: payments', `projectIdentifier: ${scope.projectIdentifier ?? ''}`)
    .replace(/( {18}primary:)\n(?: {20}.*\n)+/, `$1 ${source}\n`)
  const created = await call('POST', '/pipeline/api/pipelines', { scope, yaml })
  expect(created.status).toBe(200)
}

describe('where a connector is used', () => {
  it('names the seeded pipeline that uses docker_hub_public, in Harness’s shape', async () => {
    const { status, data } = await usage('acme/default/payments/docker_hub_public')
    expect(status).toBe(200)
    expect(data.totalItems).toBe(1)
    expect(data.content[0]).toEqual({
      accountIdentifier: 'acme',
      referredEntity: {
        type: 'Connectors',
        name: 'Docker Hub public',
        entityRef: {
          accountIdentifier: 'acme',
          orgIdentifier: 'default',
          projectIdentifier: 'payments',
          identifier: 'docker_hub_public',
        },
      },
      referredByEntity: {
        type: 'Pipelines',
        name: 'Deploy payments API',
        entityRef: {
          accountIdentifier: 'acme',
          orgIdentifier: 'default',
          projectIdentifier: 'payments',
          identifier: 'deploy_payments_api',
        },
      },
      createdAt: expect.any(Number),
    })
  })

  it('resolves each reference from the referring pipeline’s own scope', async () => {
    await createConnector(CHECKOUT, dockerConnector(CHECKOUT, 'docker_hub_public', 'org.org_demo_password'))
    await createPipelineUsing(CHECKOUT, 'checkout_own', 'docker_hub_public')
    await createPipelineUsing(CHECKOUT, 'checkout_shared', 'account.acme_artifactory')
    await createPipelineUsing(PAYMENTS, 'payments_shared', 'account.acme_artifactory')
    expect(await users('acme/default/payments/docker_hub_public')).toEqual(['payments/deploy_payments_api'])
    expect(await users('acme/default/checkout/docker_hub_public')).toEqual(['checkout/checkout_own'])
    expect(await users('acme/acme_artifactory')).toEqual(['checkout/checkout_shared', 'payments/payments_shared'])
    expect(await users('acme/default/acme_artifactory')).toEqual([])
  })

  it('has no usage for a connector nobody uses, nor for other entity types', async () => {
    expect((await usage('acme/default/payments/unused')).data.totalItems).toBe(0)
    expect(
      (await usage('acme/default/payments/docker_hub_public', { referredEntityType: 'Secrets' })).data.totalItems,
    ).toBe(0)
  })

  it('refuses a malformed FQN or one of another account', async () => {
    expect((await usage('docker_hub_public')).status).toBe(400)
    expect((await usage('acme/a/b/c/d')).status).toBe(400)
    const other = await usage('globex/hub')
    expect(other.status).toBe(400)
    expect(other.error.message).toBe('referredEntityFQN globex/hub is not in account acme.')
  })
})

describe('deleting a connector that pipelines use', () => {
  it('is refused with Harness’s ENTITY_REFERENCE_EXCEPTION naming the pipelines', async () => {
    const { status, error } = await call('DELETE', '/ng/api/connectors/docker_hub_public', { scope: PAYMENTS })
    expect(status).toBe(400)
    expect(error).toMatchObject({
      code: 'ENTITY_REFERENCE_EXCEPTION',
      message:
        'Could not delete the connector docker_hub_public as it is referenced by other entities - [Deploy payments API]',
    })
    expect((await call('GET', '/ng/api/connectors/docker_hub_public', { scope: PAYMENTS })).status).toBe(200)
  })

  it('names every pipeline, across projects, for an account connector', async () => {
    await createPipelineUsing(CHECKOUT, 'checkout_shared', 'account.acme_artifactory')
    await createPipelineUsing(PAYMENTS, 'payments_shared', 'account.acme_artifactory')
    const { error } = await call('DELETE', '/ng/api/connectors/acme_artifactory', { scope: ACCOUNT })
    expect(error.message).toBe(
      'Could not delete the connector acme_artifactory as it is referenced by other entities - [Deploy checkout_shared, Deploy payments_shared]',
    )
  })

  it('goes ahead with forceDelete=true', async () => {
    const { status, data } = await call<boolean>('DELETE', '/ng/api/connectors/docker_hub_public', {
      scope: PAYMENTS,
      query: { forceDelete: 'true' },
    })
    expect(status).toBe(200)
    expect(data).toBe(true)
    expect(
      (await usage('acme/default/payments/docker_hub_public')).data.content.map((row) => row.referredEntity.name),
    ).toEqual(['docker_hub_public'])
  })

  it('goes ahead once the pipeline no longer refers to it', async () => {
    const yaml = (
      await call<PipelineResponse>('GET', '/pipeline/api/pipelines/deploy_payments_api', { scope: PAYMENTS })
    ).data.yamlPipeline
    await call('PUT', '/pipeline/api/pipelines/deploy_payments_api', {
      scope: PAYMENTS,
      yaml: yaml.replace('connectorRef: docker_hub_public', 'connectorRef: <+input>'),
    })
    expect((await call('DELETE', '/ng/api/connectors/docker_hub_public', { scope: PAYMENTS })).status).toBe(200)
  })

  it('still answers 404 for a connector that does not exist', async () => {
    expect((await call('DELETE', '/ng/api/connectors/ghost', { scope: PAYMENTS })).status).toBe(404)
  })
})
