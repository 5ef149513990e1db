import type { ConnectorTypeDefinition, Guidance } from './connector-type'
import { httpUrlProblem, plainHttpWarnings, trimUrl } from './url-rules'

export const artifactory: ConnectorTypeDefinition = {
  type: 'Artifactory',
  label: 'Artifactory',
  category: 'ARTIFACTORY',
  summary: 'JFrog Artifactory, cloud or self-hosted: Docker images, Helm charts and files.',
  searchTerms: ['jfrog', 'artifact', 'generic', 'maven'],
  icon: { monogram: 'Af', background: '#2e7d32' },
  url: {
    label: 'Artifactory Repository URL',
    specKey: 'artifactoryServerUrl',
    placeholder: 'https://mycompany.jfrog.io/artifactory',
    help: 'The base URL of the server followed by its context path, usually /artifactory.',
    requiredMessage: 'Artifactory Repository URL is required.',
    validate: httpUrlProblem,
    normalize: trimUrl,
    guidance: (values) => {
      const { url } = values
      const notes: Guidance[] = []
      const problem = httpUrlProblem(url)
      if (problem) return notes
      const path = new URL(url.trim()).pathname.replace(/\/+$/, '')
      if (!/\/artifactory$/i.test(path)) {
        notes.push({
          tone: 'info',
          message:
            'Self-hosted and cloud Artifactory serve their API under /artifactory. If the test answers 404, append /artifactory to the URL.',
        })
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
  fixedSpec: { executeOnDelegate: true },
  connectionTest: {
    protocol: 'artifactory',
    stageTitle: 'Validating Artifactory Repository authentication and permissions',
  },
  docsUrl:
    'https://developer.harness.io/docs/platform/connectors/cloud-providers/ref-cloud-providers/artifactory-connector-settings-reference',
  example: {
    name: 'Acme JFrog',
    url: 'https://acme.jfrog.io/artifactory',
    shownUrl: 'https://acme.jfrog.io/artifactory',
    credentials: { username: 'demo', passwordSecret: 'demo_password' },
  },
}
