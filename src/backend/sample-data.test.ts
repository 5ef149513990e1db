import { expect, it } from 'vitest'
import type { ConnectorResponse, ConnectorValidationResult, PipelineResponse, PipelineSummary } from '../lib/api-types'
import { describeOnBothHosts } from '../test/both-hosts'
import { PAYMENTS, call } from './api-test-helpers'

/**
 * The demo and the simulated world keep their sample data (issue 21), and say what it is: the
 * seeded test result that no test produced and the sample pipelines' made-up times are marked
 * `sample` until a real test or a save replaces them.
 */

const hub = () => call<ConnectorResponse>('GET', '/ng/api/connectors/docker_hub_public', { scope: PAYMENTS })
const pipelines = async () =>
  (await call<{ content: PipelineSummary[] }>('POST', '/pipeline/api/pipelines/list', { scope: PAYMENTS, body: {} }))
    .data.content

describeOnBothHosts('sample data', () => {
  it('marks the seeded result; a test replaces it, and a failure carries no made-up last connection', async () => {
    const seeded = (await hub()).data
    expect(seeded.status).toMatchObject({ status: 'SUCCESS', sample: true })
    expect(seeded.status.lastConnectedAt).toBeDefined()

    // Pointed at a host the simulated world does not have: the test fails.
    const moved = {
      ...seeded.connector,
      spec: { ...seeded.connector.spec, dockerRegistryUrl: 'https://nowhere.acme.test/v2/' },
    }
    const edited = await call('PUT', '/ng/api/connectors', {
      scope: PAYMENTS,
      body: { connector: moved },
      headers: { 'If-Match': String(seeded.version) },
    })
    expect(edited.status, edited.text).toBe(200)
    // An edit is not a test: the result is still the sample's.
    expect((await hub()).data.status.sample).toBe(true)

    const tested = await call<ConnectorValidationResult>(
      'POST',
      '/ng/api/connectors/testConnection/docker_hub_public',
      {
        scope: PAYMENTS,
      },
    )
    expect(tested.data.status).toBe('FAILURE')
    const after = (await hub()).data.status
    expect(after).toMatchObject({ status: 'FAILURE', testedAt: tested.data.testedAt })
    expect(after.sample).toBeUndefined()
    expect(after.lastConnectedAt).toBeUndefined()
  })

  it('marks the sample pipelines until one is saved', async () => {
    expect((await pipelines()).map((pipeline) => [pipeline.identifier, pipeline.sample])).toEqual([
      ['deploy_payments_api', true],
      ['nightly_checks', true],
    ])
    const { yamlPipeline } = (
      await call<PipelineResponse>('GET', '/pipeline/api/pipelines/nightly_checks', { scope: PAYMENTS })
    ).data
    const saved = await call('PUT', '/pipeline/api/pipelines/nightly_checks', {
      scope: PAYMENTS,
      yaml: yamlPipeline.replace('name: Nightly checks', 'name: Nightly checks ours'),
    })
    expect(saved.status, saved.text).toBe(200)
    const after = await pipelines()
    expect(after.find((pipeline) => pipeline.identifier === 'nightly_checks')?.sample).toBeUndefined()
    expect(after.find((pipeline) => pipeline.identifier === 'deploy_payments_api')?.sample).toBe(true)
  })
})
