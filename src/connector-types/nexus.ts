import type { ConnectorTypeDefinition, Guidance } from './connector-type'
import { httpUrlProblem, plainHttpWarnings, trimUrl } from './url-rules'

export const nexus: ConnectorTypeDefinition = {
  type: 'Nexus',
  label: 'Nexus',
  category: 'ARTIFACTORY',
  summary: 'Sonatype Nexus Repository 3.x or 2.x: Docker (3.x), Maven, npm, NuGet.',
  searchTerms: ['sonatype', 'nexus 3', 'nexus 2', 'nexus repository manager', 'maven', 'npm', 'nuget'],
  icon: { monogram: 'Nx', background: '#17794f' },
  url: {
    label: 'Nexus Repository URL',
    specKey: 'nexusServerUrl',
    placeholder: 'https://nexus.example.com',
    help: 'Nexus 3: the server root, e.g. https://nexus.example.com. Nexus 2: the server root with its context path, usually /nexus.',
    requiredMessage: 'Nexus Repository URL is required.',
    validate: httpUrlProblem,
    normalize: trimUrl,
    guidance: (values) => {
      const { url, extras } = values
      const notes: Guidance[] = []
      if (httpUrlProblem(url)) return notes
      const path = new URL(url.trim()).pathname.replace(/\/+$/, '')
      if (extras.version === '2.x' && !/\/nexus$/i.test(path)) {
        notes.push({
          tone: 'info',
          message:
            'Nexus 2 serves its API under a context path, usually /nexus (https://host/nexus). Nexus 3 URLs have none.',
        })
      }
      if (extras.version === '3.x' && /\/nexus$/i.test(path)) {
        notes.push({
          tone: 'info',
          message: 'A URL ending in /nexus is usually Nexus 2. If this server is Nexus 2, choose Version 2.x.',
        })
      }
      notes.push(...plainHttpWarnings(values))
      return notes
    },
  },
  fields: [
    {
      key: 'version',
      label: 'Version',
      control: 'select',
      options: [
        { value: '3.x', label: '3.x', description: 'Docker, Maven, npm, NuGet' },
        { value: '2.x', label: '2.x', description: 'Maven, npm, NuGet' },
      ],
      defaultValue: '3.x',
      help: 'Nexus 3 and Nexus 2 have different APIs and URLs. Docker images need Nexus 3.',
      requiredMessage: 'Version is required.',
    },
  ],
  authTypes: ['UsernamePassword', 'Anonymous'],
  credentials: {
    guidance: () => [],
  },
  fixedSpec: {},
  connectionTest: {
    protocol: 'nexus',
    stageTitle: 'Validating Nexus Repository authentication and permissions',
  },
  docsUrl:
    'https://developer.harness.io/docs/platform/connectors/artifact-repositories/nexus-connector-settings-reference',
  example: {
    name: 'Nexus two',
    url: 'https://nexus2.acme.test/nexus',
    shownUrl: 'https://nexus2.acme.test/nexus',
    extras: { version: '2.x' },
    credentials: { username: 'demo', passwordSecret: 'demo_password' },
    delegateTags: ['k8s'],
  },
}
