import { describe, expect, it } from 'vitest'
import { DEPLOY_PAYMENTS_API, NIGHTLY_CHECKS, seedPipelines } from '../backend/seed-pipelines'
import type { DeployStage, Pipeline } from './pipeline-model'
import { parseYamlText, pipelineFromYaml, pipelineToYaml } from './pipeline-yaml'
import { keptEntries } from './pipeline-yaml-deploy-stage'
import { BRIEF_EXAMPLE, WITH_UNKNOWN_KEYS } from './pipeline-yaml-fixtures'

function deployStage(pipeline: Pipeline, index = 0): DeployStage {
  const stage = pipeline.stages[index]
  if (stage?.kind !== 'deploy') throw new Error(`stage ${index} is not a deploy stage`)
  return stage
}

function stageWith(spec: string): string {
  return `pipeline:\n  name: P\n  identifier: p\n  projectIdentifier: payments\n  orgIdentifier: default\n  tags: {}\n  stages:\n    - stage:\n        name: S\n        identifier: s\n        type: Deployment\n        spec:\n${spec}`
}

describe('the seeded pipelines', () => {
  it('round-trip: model → YAML → model, and the stored YAML → model → YAML, word for word', () => {
    for (const model of [DEPLOY_PAYMENTS_API, NIGHTLY_CHECKS]) {
      expect(pipelineFromYaml(pipelineToYaml(model))).toEqual(model)
    }
    for (const record of seedPipelines(Date.now())) {
      expect(pipelineToYaml(pipelineFromYaml(record.yaml))).toBe(record.yaml)
    }
  })

  it('store the Docker Registry source in Harness’s shape', () => {
    const yaml = parseYamlText(pipelineToYaml(DEPLOY_PAYMENTS_API))
    expect(yaml).toMatchObject({
      pipeline: {
        identifier: 'deploy_payments_api',
        projectIdentifier: 'payments',
        orgIdentifier: 'default',
        tags: {},
        stages: [
          {
            stage: {
              type: 'Deployment',
              spec: {
                serviceConfig: {
                  serviceRef: 'payments_api',
                  service: { identifier: 'payments_api', name: 'Payments API' },
                  serviceDefinition: {
                    type: 'Kubernetes',
                    spec: {
                      artifacts: {
                        primary: {
                          type: 'DockerRegistry',
                          spec: { connectorRef: 'docker_hub_public', imagePath: 'library/nginx', tag: '1.27' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          { stage: { identifier: 'approve', type: 'Approval' } },
        ],
      },
    })
  })
})

describe('reading Harness pipeline YAML', () => {
  it('reads sources, sidecars and both Helm stores', () => {
    const model = pipelineFromYaml(BRIEF_EXAMPLE)
    const stage = deployStage(model)
    expect(stage.serviceIdentifier).toBe('payments_api')
    expect(stage.serviceName).toBe('payments_api')
    expect(stage.primaryArtifact).toEqual({
      identifier: 'primary',
      type: 'DockerRegistry',
      connectorRef: 'docker_hub_public',
      fields: { imagePath: 'library/nginx', tag: '1.27' },
    })
    expect(stage.sidecars).toEqual([
      {
        identifier: 'log_shipper',
        type: 'ArtifactoryRegistry',
        connectorRef: 'account.acme_artifactory',
        fields: { repository: 'docker-local', artifactPath: 'tools/fluent-bit', tag: '3.1' },
      },
    ])
    expect(stage.manifests).toEqual([
      {
        identifier: 'payments_chart',
        store: 'Http',
        connectorRef: 'stable_charts',
        chartName: 'payments',
        chartVersion: '1.4.2',
      },
      {
        identifier: 'oci_chart',
        store: 'OciHelmChart',
        connectorRef: 'org.oci_charts',
        chartName: 'ledger',
        chartVersion: '0.9.0',
      },
    ])
    expect(model.stages[1]).toMatchObject({
      kind: 'other',
      identifier: 'approve',
      name: 'Approve production',
      type: 'Approval',
    })
  })

  it('reads a number the YAML spells differently as the text written (1.10, 007)', () => {
    const model = pipelineFromYaml(
      BRIEF_EXAMPLE.replace('tag: "1.27"', 'tag: 1.10').replace('chartVersion: 1.4.2', 'chartVersion: 007'),
    )
    expect(deployStage(model).primaryArtifact?.fields.tag).toBe('1.10')
    expect(deployStage(model).manifests[0]?.chartVersion).toBe('007')
    expect(pipelineToYaml(model)).toContain('tag: "1.10"')
  })

  it('reads the older OCI store that held connectorRef directly, and writes the current shape', () => {
    const yaml = stageWith(`          serviceConfig:
            serviceDefinition:
              type: Kubernetes
              spec:
                manifests:
                  - manifest: { identifier: c, type: HelmChart, spec: { store: { type: OciHelmChart, spec: { connectorRef: oci, basePath: /charts } }, chartName: c } }
`)
    const manifest = deployStage(pipelineFromYaml(yaml)).manifests[0]
    expect(manifest).toMatchObject({ store: 'OciHelmChart', connectorRef: 'oci', chartName: 'c' })
    expect(parseYamlText(pipelineToYaml(pipelineFromYaml(yaml)))).toMatchObject({
      pipeline: {
        stages: [
          {
            stage: {
              spec: {
                serviceConfig: {
                  serviceDefinition: {
                    spec: {
                      manifests: [
                        {
                          manifest: {
                            spec: {
                              store: {
                                type: 'OciHelmChart',
                                spec: {
                                  config: { type: 'Generic', spec: { connectorRef: 'oci' } },
                                  basePath: '/charts',
                                },
                              },
                            },
                          },
                        },
                      ],
                    },
                  },
                },
              },
            },
          },
        ],
      },
    })
  })
})

describe('writing the shapes Harness expects', () => {
  const base = deployStage(DEPLOY_PAYMENTS_API)
  const write = (stage: DeployStage) => {
    const yaml = parseYamlText(pipelineToYaml({ ...DEPLOY_PAYMENTS_API, stages: [stage] })) as {
      pipeline: {
        stages: { stage: { spec: { serviceConfig: { serviceDefinition: { spec: Record<string, unknown> } } } } }[]
      }
    }
    return yaml.pipeline.stages[0]?.stage.spec.serviceConfig.serviceDefinition.spec
  }

  it('nests a Nexus 3 artifact path and splits a Nexus 2 groupId:artifactId', () => {
    const spec = write({
      ...base,
      primaryArtifact: {
        identifier: 'primary',
        type: 'Nexus3Registry',
        connectorRef: 'nexus',
        fields: { repository: 'docker-hosted', artifactPath: 'payments/api', tag: '2.0' },
      },
      sidecars: [
        {
          identifier: 'lib',
          type: 'Nexus2Registry',
          connectorRef: 'account.nexus2',
          fields: { repository: 'releases', artifactPath: 'com.acme:payments-api', tag: '1.0' },
        },
      ],
    })
    expect(spec).toEqual({
      artifacts: {
        primary: {
          type: 'Nexus3Registry',
          spec: {
            connectorRef: 'nexus',
            repository: 'docker-hosted',
            spec: { artifactPath: 'payments/api' },
            tag: '2.0',
            repositoryFormat: 'docker',
          },
        },
        sidecars: [
          {
            sidecar: {
              identifier: 'lib',
              type: 'Nexus2Registry',
              spec: {
                connectorRef: 'account.nexus2',
                repository: 'releases',
                spec: { groupId: 'com.acme', artifactId: 'payments-api' },
                tag: '1.0',
                repositoryFormat: 'maven',
              },
            },
          },
        ],
      },
    })
  })

  it('writes an HTTP and an OCI Helm chart store', () => {
    const spec = write({
      ...base,
      primaryArtifact: null,
      manifests: [
        {
          identifier: 'http_chart',
          store: 'Http',
          connectorRef: 'stable_charts',
          chartName: 'payments',
          chartVersion: '1.4.2',
        },
        {
          identifier: 'oci_chart',
          store: 'OciHelmChart',
          connectorRef: 'org.oci',
          chartName: 'ledger',
          chartVersion: '',
        },
      ],
    })
    expect(spec).toEqual({
      manifests: [
        {
          manifest: {
            identifier: 'http_chart',
            type: 'HelmChart',
            spec: {
              store: { type: 'Http', spec: { connectorRef: 'stable_charts' } },
              chartName: 'payments',
              chartVersion: '1.4.2',
              helmVersion: 'V3',
            },
          },
        },
        {
          manifest: {
            identifier: 'oci_chart',
            type: 'HelmChart',
            spec: {
              store: {
                type: 'OciHelmChart',
                spec: { config: { type: 'Generic', spec: { connectorRef: 'org.oci' } }, basePath: '/' },
              },
              chartName: 'ledger',
              helmVersion: 'V3',
            },
          },
        },
      ],
    })
  })
})

describe('what the editor does not edit', () => {
  it('survives YAML → model → YAML: unknown keys, unknown sidecars and manifests, other stages', () => {
    const model = pipelineFromYaml(WITH_UNKNOWN_KEYS)
    expect(parseYamlText(pipelineToYaml(model))).toEqual(parseYamlText(WITH_UNKNOWN_KEYS))
    expect(pipelineToYaml(model)).toBe(WITH_UNKNOWN_KEYS)
    expect(keptEntries(deployStage(model))).toEqual(['sidecar ecr_image (Ecr)', 'manifest values (Values, Git store)'])
  })

  it('shows a Deployment stage it cannot edit as it is, and says why', () => {
    const cases: [string, RegExp][] = [
      [
        '          serviceConfig:\n            serviceDefinition:\n              type: Kubernetes\n              spec:\n                artifacts:\n                  primary: { type: Ecr, spec: { connectorRef: aws, imagePath: x, region: us-east-1 } }\n',
        /primary artifact has type Ecr, which the editor does not know/,
      ],
      [
        '          service: { serviceRef: payments_api }\n          environment: { environmentRef: staging }\n',
        /service entity/,
      ],
      ['          serviceConfig: { useFromStage: { stage: build } }\n', /useFromStage/],
      [
        '          serviceConfig:\n            serviceDefinition: { type: Kubernetes, spec: { artifacts: { primary: { type: DockerRegistry, spec: { connectorRef: hub, tag: [a, b] } } } } }\n',
        /tag must be text/,
      ],
    ]
    for (const [spec, why] of cases) {
      const yaml = stageWith(spec)
      const model = pipelineFromYaml(yaml)
      expect(model.stages[0]).toMatchObject({
        kind: 'other',
        type: 'Deployment',
        identifier: 's',
        note: expect.stringMatching(why),
      })
      expect(parseYamlText(pipelineToYaml(model))).toEqual(parseYamlText(yaml))
    }
  })
})

describe('bad YAML', () => {
  const refused: [string, string | RegExp][] = [
    ['pipeline:\n  name: [unclosed\n  identifier: p\n', /^Invalid YAML at line \d+, column \d+: /],
    [
      'pipeline:\n  name: a\n  name: b\n',
      'Invalid YAML at line 3: The key name appears twice in this map (first on line 2); keep one.',
    ],
    ['', 'The YAML is empty: a pipeline starts with pipeline:'],
    ['- just\n- a list\n', 'The YAML must be a map with a pipeline: key at the top, holding the pipeline.'],
    ['pipeline: {}\ninputSet: {}\n', 'The YAML has keys other than pipeline at the top: inputSet.'],
    ['pipeline:\n  stages: {stage: {}}\n', 'pipeline.stages must be a list of stages.'],
    ['pipeline:\n  stages:\n    - step: {}\n', 'pipeline.stages[0] must be a map with a stage: key.'],
    [
      'pipeline:\n  stages:\n    - parallel:\n        - stage: {identifier: a, type: Custom}\n',
      /pipeline.stages\[0\] is a group of parallel stages/,
    ],
    ['pipeline:\n  tags: [a, b]\n', 'pipeline.tags must be a map of key: value.'],
    ['pipeline:\n  name: {first: a}\n', 'pipeline.name must be text, not a map.'],
    [
      'pipeline:\n  stages:\n    - stage: {identifier: [x], type: Custom}\n',
      'pipeline.stages[0].stage.identifier must be text, not a list.',
    ],
  ]

  it.each(refused)('refuses %j with a message in words', (yaml, message) => {
    expect(() => pipelineFromYaml(yaml)).toThrow(message)
  })

  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for (let level = 1; level < 9; level += 1)
      bomb.push(
        `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + level)}`)
          .join(',')}]`,
      )
    bomb.push('pipeline: {name: *i}')
    expect(() => pipelineFromYaml(bomb.join('\n'))).toThrow(/^The YAML cannot be read: /)
  })
})
