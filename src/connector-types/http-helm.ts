import type { ConnectorTypeDefinition, Guidance } from './connector-type'
import { hostOf, httpUrlProblem, plainHttpWarnings, trimUrl } from './url-rules'

export const httpHelm: ConnectorTypeDefinition = {
  type: 'HttpHelmRepo',
  label: 'HTTP Helm',
  category: 'ARTIFACTORY',
  summary: 'A Helm chart repository served over HTTP(S) with an index.yaml.',
  searchTerms: ['helm', 'chart', 'charts', 'chartmuseum', 'index.yaml', 'http helm repo'],
  icon: { monogram: 'H', background: '#0f1689' },
  url: {
    label: 'Helm Repository URL',
    specKey: 'helmRepoUrl',
    placeholder: 'https://charts.example.com/stable',
    help: 'The URL that holds index.yaml. Some servers, like Nexus, need a trailing slash.',
    requiredMessage: 'Helm Repository URL is required.',
    validate: (url) => {
      if (/^oci:\/\//i.test(url.trim())) {
        return 'oci:// URLs are OCI registries: use an OCI Helm Registry connector instead.'
      }
      return httpUrlProblem(url)
    },
    normalize: trimUrl,
    guidance: (values) => {
      const { url } = values
      const notes: Guidance[] = []
      if (hostOf(url) === 'hub.helm.sh' || hostOf(url) === 'artifacthub.io') {
        notes.push({
          tone: 'warning',
          message:
            'Artifact Hub (formerly Helm Hub) is a search site, not a chart repository. Use the repository URL it lists for the chart.',
        })
      }
      if (/\/index\.yaml$/i.test(url.trim())) {
        notes.push({ tone: 'info', message: 'Give the repository URL without /index.yaml; Helm adds it.' })
      }
      notes.push(...plainHttpWarnings(values))
      return notes
    },
  },
  fields: [],
  authTypes: ['UsernamePassword', 'Anonymous'],
  credentials: {
    guidance: () => [],
  },
  fixedSpec: {},
  connectionTest: {
    protocol: 'helm-http',
    stageTitle: 'Validating HTTP Helm repository (helm repo add)',
  },
  docsUrl:
    'https://developer.harness.io/docs/platform/connectors/code-repositories/ref-source-repo-provider/http-helm-repo-connector-settings-reference',
  example: {
    name: 'Stable charts',
    url: 'https://charts.acme.test/stable',
    shownUrl: 'https://charts.acme.test/stable',
    credentials: 'anonymous',
  },
}
