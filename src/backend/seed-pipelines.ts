import type { Scope } from '../lib/scope'
import type { Pipeline } from '../pipeline-model/pipeline-model'
import { pipelineToYaml } from '../pipeline-model/pipeline-yaml'
import { pipelineRecord } from './pipeline-records'
import type { StoredPipeline } from './records'

/**
 * The demo pipelines of project payments. Written as editor models and stored as the YAML the
 * editor would save, so that opening and saving a seeded pipeline without a change changes nothing.
 */

const HOUR = 3_600_000
const DAY = 24 * HOUR

const PAYMENTS: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }

const step = (name: string, identifier: string, type: string, spec: Record<string, unknown>, timeout = '10m') => ({
  step: { name, identifier, type, timeout, spec },
})

export const DEPLOY_PAYMENTS_API: Pipeline = {
  name: 'Deploy payments API',
  identifier: 'deploy_payments_api',
  description: 'Rolls the payments API out to staging, then waits for an approval.',
  orgIdentifier: 'default',
  projectIdentifier: 'payments',
  tags: {},
  stages: [
    {
      kind: 'deploy',
      identifier: 'deploy_to_staging',
      name: 'Deploy to staging',
      serviceIdentifier: 'payments_api',
      serviceName: 'Payments API',
      primaryArtifact: {
        identifier: 'primary',
        type: 'DockerRegistry',
        connectorRef: 'docker_hub_public',
        fields: { imagePath: 'library/nginx', tag: '1.27' },
      },
      sidecars: [],
      manifests: [],
      rest: {
        spec: {
          infrastructure: {
            environmentRef: 'staging',
            infrastructureDefinition: {
              type: 'KubernetesDirect',
              spec: { connectorRef: '<+input>', namespace: 'payments', releaseName: 'release-<+INFRA_KEY>' },
            },
            allowSimultaneousDeployments: false,
          },
          execution: {
            steps: [step('Rollout Deployment', 'rolloutDeployment', 'K8sRollingDeploy', { skipDryRun: false })],
            rollbackSteps: [step('Rollback Rollout Deployment', 'rollbackRolloutDeployment', 'K8sRollingRollback', {})],
          },
        },
        failureStrategies: [{ onFailure: { errors: ['AllErrors'], action: { type: 'StageRollback' } } }],
      },
    },
    {
      kind: 'other',
      identifier: 'approve',
      name: 'Approve production',
      type: 'Approval',
      raw: {
        name: 'Approve production',
        identifier: 'approve',
        type: 'Approval',
        spec: {
          execution: {
            steps: [
              step(
                'Approve',
                'approve_release',
                'HarnessApproval',
                {
                  approvalMessage: 'Deploy the payments API to production?',
                  includePipelineExecutionHistory: true,
                  approvers: {
                    userGroups: ['account._account_all_users'],
                    minimumCount: 1,
                    disallowPipelineExecutor: false,
                  },
                },
                '1d',
              ),
            ],
          },
        },
      },
    },
  ],
  rest: {},
}

export const NIGHTLY_CHECKS: Pipeline = {
  name: 'Nightly checks',
  identifier: 'nightly_checks',
  description: '',
  orgIdentifier: 'default',
  projectIdentifier: 'payments',
  tags: { schedule: 'nightly' },
  stages: [
    {
      kind: 'other',
      identifier: 'run_checks',
      name: 'Run checks',
      type: 'Custom',
      raw: {
        name: 'Run checks',
        identifier: 'run_checks',
        type: 'Custom',
        spec: {
          execution: {
            steps: [
              step('Smoke test', 'smoke_test', 'ShellScript', {
                shell: 'Bash',
                onDelegate: true,
                source: { type: 'Inline', spec: { script: 'curl -fsS https://payments.acme.test/health' } },
                environmentVariables: [],
                outputVariables: [],
              }),
            ],
          },
        },
      },
    },
  ],
  rest: {},
}

/** Sample data: their times are made up, and the list says so (`sample`) until a save makes them real. */
export function seedPipelines(now: number): StoredPipeline[] {
  const samples = [
    pipelineRecord(PAYMENTS, DEPLOY_PAYMENTS_API, pipelineToYaml(DEPLOY_PAYMENTS_API), {
      createdAt: now - 2 * DAY,
      lastUpdatedAt: now - 3 * HOUR,
    }),
    pipelineRecord(PAYMENTS, NIGHTLY_CHECKS, pipelineToYaml(NIGHTLY_CHECKS), {
      createdAt: now - 6 * DAY,
      lastUpdatedAt: now - DAY,
    }),
  ]
  return samples.map((record) => ({ ...record, sample: true }))
}
