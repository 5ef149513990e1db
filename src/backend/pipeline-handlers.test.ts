import { describe, expect, it } from 'vitest'
import type { PageResponse, PipelineResponse, PipelineSaveResponse, PipelineSummary } from '../lib/api-types'
import { ACCOUNT, CHECKOUT, ORG, PAYMENTS, call, connectorInfo, createConnector } from './api-test-helpers'

const PIPELINES = '/pipeline/api/pipelines'

async function getYaml(identifier: string, scope = PAYMENTS): Promise<string> {
  return (await call<PipelineResponse>('GET', `${PIPELINES}/${identifier}`, { scope })).data.yamlPipeline
}

function put(identifier: string, yaml: string, scope = PAYMENTS) {
  return call<PipelineSaveResponse>('PUT', `${PIPELINES}/${identifier}`, { scope, yaml })
}

async function fieldErrors(identifier: string, yaml: string): Promise<Record<string, string>> {
  const { status, error } = await put(identifier, yaml)
  expect(status).toBe(400)
  expect(error.code).toBe('INVALID_REQUEST')
  return Object.fromEntries((error.errors ?? []).map((entry) => [entry.fieldId, entry.error]))
}

const PRIMARY_REF =
  'pipeline.stages.deploy_to_staging.spec.serviceConfig.serviceDefinition.spec.artifacts.primary.spec.connectorRef'

/** The seeded pipeline with its primary source replaced by `source` (YAML flow map). */
async function withPrimary(source: string): Promise<string> {
  const yaml = await getYaml('deploy_payments_api')
  return yaml.replace(/( {18}primary:)\n(?: {20}.*\n)+/, `$1 ${source}\n`)
}

describe('listing and reading pipelines', () => {
  it('lists the seeded pipelines of project payments, last updated first, with the connectors they use', async () => {
    const { status, data } = await call<PageResponse<PipelineSummary>>('POST', `${PIPELINES}/list`, {
      scope: PAYMENTS,
      body: { filterType: 'PipelineSetup' },
    })
    expect(status).toBe(200)
    expect(data.totalItems).toBe(2)
    expect(data.content.map((item) => [item.identifier, item.name, item.stageCount, item.connectorRefs])).toEqual([
      ['deploy_payments_api', 'Deploy payments API', 2, ['docker_hub_public']],
      ['nightly_checks', 'Nightly checks', 1, []],
    ])
    expect(data.content[0]!.lastUpdatedAt).toBeGreaterThan(data.content[1]!.lastUpdatedAt)
  })

  it('searches and pages with Harness’s page and size', async () => {
    const search = await call<PageResponse<PipelineSummary>>('POST', `${PIPELINES}/list`, {
      scope: PAYMENTS,
      query: { searchTerm: 'NIGHT' },
    })
    expect(search.data.content.map((item) => item.identifier)).toEqual(['nightly_checks'])
    const second = await call<PageResponse<PipelineSummary>>('POST', `${PIPELINES}/list`, {
      scope: PAYMENTS,
      query: { page: '1', size: '1' },
    })
    expect(second.data).toMatchObject({ pageIndex: 1, pageSize: 1, totalPages: 2, totalItems: 2 })
    expect(second.data.content.map((item) => item.identifier)).toEqual(['nightly_checks'])
  })

  it('has no pipelines in another project, and wants a project', async () => {
    expect(
      (await call<PageResponse<PipelineSummary>>('POST', `${PIPELINES}/list`, { scope: CHECKOUT })).data.totalItems,
    ).toBe(0)
    const orgLevel = await call('POST', `${PIPELINES}/list`, { scope: ORG })
    expect(orgLevel.status).toBe(400)
    expect(orgLevel.error.message).toBe('projectIdentifier is required: pipelines belong to a project.')
  })

  it('answers the YAML of one pipeline, or 404', async () => {
    const { data } = await call<PipelineResponse>('GET', `${PIPELINES}/deploy_payments_api`, { scope: PAYMENTS })
    expect(data.yamlPipeline).toMatch(
      /^pipeline:\n {2}name: Deploy payments API\n {2}identifier: deploy_payments_api\n/,
    )
    expect(data.yamlPipeline).toContain('connectorRef: docker_hub_public')
    expect(data.lastUpdatedAt).toEqual(expect.any(Number))
    const missing = await call('GET', `${PIPELINES}/nope`, { scope: PAYMENTS })
    expect(missing.status).toBe(404)
    expect(missing.error).toMatchObject({
      code: 'RESOURCE_NOT_FOUND_EXCEPTION',
      message: "Pipeline [nope] under Project[payments], Organization [default] doesn't exist or has been deleted.",
    })
  })
})

describe('saving a pipeline', () => {
  it('stores the YAML word for word, comments included, and lists what it now says', async () => {
    const yaml = (await getYaml('deploy_payments_api'))
      .replace('name: Deploy payments API', 'name: Deploy payments API v2 # renamed')
      .replace('tag: "1.27"', 'tag: "1.28"')
    const saved = await put('deploy_payments_api', yaml)
    expect(saved.status).toBe(200)
    expect(saved.data.identifier).toBe('deploy_payments_api')
    expect(await getYaml('deploy_payments_api')).toBe(yaml)
    const list = await call<PageResponse<PipelineSummary>>('POST', `${PIPELINES}/list`, { scope: PAYMENTS })
    expect(list.data.content[0]).toMatchObject({
      name: 'Deploy payments API v2',
      lastUpdatedAt: saved.data.lastUpdatedAt,
    })
  })

  it('accepts connectors of the organization and the account, and runtime inputs', async () => {
    const nexus = connectorInfo('Nexus', ORG, {
      name: 'Org Nexus',
      identifier: 'org_nexus',
      url: 'https://nexus.acme.test',
      extras: { version: '3.x' },
    })
    nexus.spec.auth = { type: 'Anonymous' }
    expect((await createConnector(ORG, nexus)).status).toBe(200)
    let yaml = await withPrimary(
      '{ type: Nexus3Registry, spec: { connectorRef: org.org_nexus, repository: docker-hosted, spec: { artifactPath: payments/api }, tag: "1.0", repositoryFormat: docker } }',
    )
    expect((await put('deploy_payments_api', yaml)).status).toBe(200)
    yaml = await withPrimary(
      '{ type: ArtifactoryRegistry, spec: { connectorRef: account.acme_artifactory, repository: docker-local, artifactPath: payments/api, tag: "1.0" } }',
    )
    expect((await put('deploy_payments_api', yaml)).status).toBe(200)
    yaml = await withPrimary(
      '{ type: DockerRegistry, spec: { connectorRef: <+input>, imagePath: library/nginx, tag: <+input> } }',
    )
    expect((await put('deploy_payments_api', yaml)).status).toBe(200)
  })

  it('refuses YAML that does not parse, with the parser’s line', async () => {
    const errors = await fieldErrors('deploy_payments_api', 'pipeline:\n  name: [oops\n')
    expect(errors.yaml).toMatch(/^Invalid YAML at line \d+, column \d+: /)
  })

  it('refuses a connector that does not exist, or is of the wrong type or version', async () => {
    const nexus2 = connectorInfo('Nexus', PAYMENTS, {
      name: 'Nexus two',
      identifier: 'nexus_two',
      url: 'https://nexus2.acme.test/nexus',
      extras: { version: '2.x' },
    })
    nexus2.spec.auth = { type: 'Anonymous' }
    await createConnector(PAYMENTS, nexus2)
    const cases: [string, string][] = [
      [
        '{ type: DockerRegistry, spec: { connectorRef: account.foo, imagePath: x, tag: "1" } }',
        'Connector account.foo does not exist',
      ],
      [
        '{ type: DockerRegistry, spec: { connectorRef: acme_artifactory, imagePath: x, tag: "1" } }',
        'Connector acme_artifactory does not exist',
      ],
      [
        '{ type: Nexus3Registry, spec: { connectorRef: docker_hub_public, repository: r, spec: { artifactPath: x }, tag: "1" } }',
        'Connector docker_hub_public is a Docker Registry connector; a Nexus 3 artifact source needs a Nexus connector',
      ],
      [
        '{ type: Nexus3Registry, spec: { connectorRef: nexus_two, repository: r, spec: { artifactPath: x }, tag: "1" } }',
        'Connector nexus_two is a Nexus connector with Version 2.x; a Nexus 3 artifact source needs Version 3.x',
      ],
      [
        '{ type: DockerRegistry, spec: { imagePath: x, tag: "1" } }',
        'A Docker Registry artifact source needs a connector: connectorRef is empty.',
      ],
      [
        '{ type: DockerRegistry, spec: { connectorRef: project.hub, imagePath: x, tag: "1" } }',
        'Connector reference project.hub is not valid: write id for a connector of this project, org.id or account.id.',
      ],
    ]
    for (const [source, message] of cases) {
      expect(await fieldErrors('deploy_payments_api', await withPrimary(source))).toEqual({ [PRIMARY_REF]: message })
    }
  })

  it('checks sidecars and Helm chart stores too, naming each by identifier', async () => {
    const yaml = (await getYaml('deploy_payments_api')).replace(
      '          infrastructure:',
      `                  sidecars:
                    - sidecar: { identifier: shipper, type: ArtifactoryRegistry, spec: { connectorRef: docker_hub_public, repository: r, artifactPath: a, tag: "1" } }
                manifests:
                  - manifest: { identifier: chart, type: HelmChart, spec: { store: { type: OciHelmChart, spec: { config: { type: Generic, spec: { connectorRef: org.charts } } } }, chartName: c } }
          infrastructure:`,
    )
    const spec = 'pipeline.stages.deploy_to_staging.spec.serviceConfig.serviceDefinition.spec'
    expect(await fieldErrors('deploy_payments_api', yaml)).toEqual({
      [`${spec}.artifacts.sidecars.shipper.spec.connectorRef`]:
        'Connector docker_hub_public is a Docker Registry connector; an Artifactory artifact source needs an Artifactory connector',
      [`${spec}.manifests.chart.spec.store.spec.config.spec.connectorRef`]: 'Connector org.charts does not exist',
    })
  })

  it('refuses an identifier or a scope other than the URL’s, and duplicate stages', async () => {
    const yaml = await getYaml('deploy_payments_api')
    expect(
      await fieldErrors('deploy_payments_api', yaml.replace('identifier: deploy_payments_api', 'identifier: other')),
    ).toEqual({
      'pipeline.identifier': 'The identifier in the YAML (other) must match the one in the URL (deploy_payments_api).',
    })
    expect(
      await fieldErrors(
        'deploy_payments_api',
        yaml.replace('projectIdentifier: payments', 'projectIdentifier: checkout'),
      ),
    ).toEqual({
      'pipeline.projectIdentifier': 'projectIdentifier is "checkout" in the YAML but "payments" in the query.',
    })
    expect(
      await fieldErrors(
        'deploy_payments_api',
        yaml.replace('identifier: approve\n', 'identifier: deploy_to_staging\n'),
      ),
    ).toEqual({
      'pipeline.stages[1].stage.identifier': 'Duplicate stage identifier deploy_to_staging: each stage needs its own.',
    })
  })

  it('refuses to update a pipeline that does not exist, and creates one with POST', async () => {
    const yaml = (await getYaml('nightly_checks'))
      .replace(/nightly_checks/g, 'weekly_checks')
      .replace('Nightly checks', 'Weekly checks')
    expect((await put('weekly_checks', yaml)).status).toBe(404)
    const created = await call<PipelineSaveResponse>('POST', PIPELINES, { scope: PAYMENTS, yaml })
    expect(created.status).toBe(200)
    expect(await getYaml('weekly_checks')).toBe(yaml)
    const again = await call('POST', PIPELINES, { scope: PAYMENTS, yaml })
    expect(again.error).toMatchObject({
      code: 'DUPLICATE_FIELD',
      message: 'Pipeline [weekly_checks] under Project[payments], Organization [default] already exists.',
    })
  })

  it('answers every scope problem before reading the body', async () => {
    expect((await put('deploy_payments_api', 'pipeline: {}', ACCOUNT)).status).toBe(400)
    expect((await put('deploy_payments_api', 'pipeline: {}', { ...PAYMENTS, projectIdentifier: 'ghost' })).status).toBe(
      404,
    )
  })
})
