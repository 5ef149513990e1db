/** Pipeline YAML for the mapping's tests, as Harness users write it. */

export const BRIEF_EXAMPLE = `pipeline:
  name: Deploy payments API
  identifier: deploy_payments_api
  projectIdentifier: payments
  orgIdentifier: default
  tags: {}
  stages:
    - stage:
        name: Deploy to staging
        identifier: deploy_to_staging
        type: Deployment
        spec:
          serviceConfig:
            serviceRef: payments_api
            serviceDefinition:
              type: Kubernetes
              spec:
                artifacts:
                  primary:
                    type: DockerRegistry
                    spec: { connectorRef: docker_hub_public, imagePath: library/nginx, tag: "1.27" }
                  sidecars:
                    - sidecar: { identifier: log_shipper, type: ArtifactoryRegistry, spec: { connectorRef: account.acme_artifactory, repository: docker-local, artifactPath: tools/fluent-bit, tag: "3.1", repositoryFormat: docker } }
                manifests:
                  - manifest:
                      identifier: payments_chart
                      type: HelmChart
                      spec:
                        store: { type: Http, spec: { connectorRef: stable_charts } }
                        chartName: payments
                        chartVersion: 1.4.2
                        helmVersion: V3
                  - manifest:
                      identifier: oci_chart
                      type: HelmChart
                      spec:
                        store: { type: OciHelmChart, spec: { config: { type: Generic, spec: { connectorRef: org.oci_charts } }, basePath: / } }
                        chartName: ledger
                        chartVersion: 0.9.0
          infrastructure: { environmentRef: staging }
          execution: { steps: [] }
    - stage: { name: Approve production, identifier: approve, type: Approval, spec: { execution: { steps: [] } } }
`

/** Written the way pipelineToYaml writes, so that a round trip can be compared word for word. */
export const WITH_UNKNOWN_KEYS = `pipeline:
  name: Deploy ledger
  identifier: deploy_ledger
  projectIdentifier: payments
  orgIdentifier: default
  description: Everything the editor does not edit, kept.
  tags:
    team: payments
    tier: ""
  stages:
    - stage:
        name: Deploy
        identifier: deploy
        description: Canary first
        type: Deployment
        spec:
          serviceConfig:
            serviceRef: ledger
            service:
              identifier: ledger
              name: Ledger
              description: The ledger service
            serviceDefinition:
              type: NativeHelm
              spec:
                artifacts:
                  primary:
                    type: DockerRegistry
                    spec:
                      connectorRef: account.hub
                      imagePath: acme/ledger
                      tag: <+input>
                      digest: sha256:0123
                  sidecars:
                    - sidecar:
                        identifier: agent
                        type: Nexus3Registry
                        spec:
                          connectorRef: org.nexus
                          repository: docker-hosted
                          spec:
                            artifactPath: acme/agent
                            repositoryPort: "8083"
                          tag: "1.10"
                          repositoryFormat: docker
                    - sidecar:
                        identifier: ecr_image
                        type: Ecr
                        spec:
                          connectorRef: aws
                          region: us-east-1
                manifests:
                  - manifest:
                      identifier: chart
                      type: HelmChart
                      spec:
                        store:
                          type: Http
                          spec:
                            connectorRef: charts
                        chartName: ledger
                        chartVersion: "1.10"
                        helmVersion: V3
                        skipResourceVersioning: false
                        valuesPaths:
                          - values/prod.yaml
                  - manifest:
                      identifier: values
                      type: Values
                      spec:
                        store:
                          type: Git
                          spec:
                            connectorRef: github
                            paths:
                              - values.yaml
                variables:
                  - name: replicas
                    type: String
                    value: "3"
            stageOverrides:
              manifests: []
          infrastructure:
            environmentRef: prod
            infrastructureDefinition:
              type: KubernetesDirect
              spec:
                connectorRef: cluster
                namespace: ledger
          execution:
            steps:
              - step:
                  name: Canary
                  identifier: canary
                  type: K8sCanaryDeploy
                  timeout: 10m
                  spec:
                    instanceSelection:
                      type: Count
                      spec:
                        count: 1
        failureStrategies:
          - onFailure:
              errors:
                - AllErrors
              action:
                type: StageRollback
        when:
          pipelineStatus: Success
    - stage:
        name: Notify
        identifier: notify
        type: Custom
        spec:
          execution:
            steps: []
  variables:
    - name: region
      type: String
      value: <+input>.allowedValues(us,eu)
  properties:
    ci:
      codebase:
        build: <+input>
  allowStageExecutions: true
`
