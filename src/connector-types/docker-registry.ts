import type { ConnectorTypeDefinition, Guidance } from './connector-type'
import { hostOf, httpUrlProblem, plainHttpWarnings, trimUrl } from './url-rules'

const DOCKER_HUB_URL = 'https://index.docker.io/v2/'

export const dockerRegistry: ConnectorTypeDefinition = {
  type: 'DockerRegistry',
  label: 'Docker Registry',
  category: 'ARTIFACTORY',
  summary: 'Any Docker v2 registry: Docker Hub, Harbor, Quay, ACR, ECR, GCR, GHCR.',
  searchTerms: [
    'docker',
    'container',
    'image',
    'oci image',
    'docker hub',
    'dockerhub',
    'acr',
    'azure container registry',
    'ecr',
    'elastic container registry',
    'aws',
    'gcr',
    'google container registry',
    'gar',
    'artifact registry',
    'ghcr',
    'github container registry',
    'harbor',
    'quay',
  ],
  icon: { monogram: 'D', background: '#1d63ed' },
  url: {
    label: 'Docker Registry URL',
    specKey: 'dockerRegistryUrl',
    placeholder: DOCKER_HUB_URL,
    help: 'Usually the URL you use with docker login.',
    requiredMessage: 'Docker Registry URL is required.',
    validate: httpUrlProblem,
    normalize: trimUrl,
    guidance: (values) => {
      const { url, extras } = values
      const notes: Guidance[] = []
      if (extras.providerType === 'DockerHub' && hostOf(url) !== 'index.docker.io') {
        notes.push({ tone: 'info', message: `For Docker Hub use ${DOCKER_HUB_URL}` })
      }
      const host = hostOf(url)
      if (host.endsWith('.amazonaws.com') && host.includes('.dkr.ecr.')) {
        notes.push({
          tone: 'info',
          message:
            'Amazon ECR: the username is AWS and the password is the output of aws ecr get-login-password, which is valid for 12 hours.',
        })
      }
      notes.push(...plainHttpWarnings(values))
      return notes
    },
  },
  fields: [
    {
      key: 'providerType',
      label: 'Provider Type',
      control: 'radio',
      options: [
        { value: 'DockerHub', label: 'DockerHub' },
        { value: 'Harbor', label: 'Harbor' },
        { value: 'Quay', label: 'Quay' },
        { value: 'Other', label: 'Other (Docker V2 compliant)' },
      ],
      defaultValue: 'DockerHub',
      help: 'Harbor is checked through its own API; every other provider through the Docker v2 API (GET /v2/).',
      requiredMessage: 'Choose a Provider Type.',
    },
  ],
  authTypes: ['UsernamePassword', 'Anonymous'],
  credentials: {
    guidance: ({ url, authType }) => {
      const host = hostOf(url)
      if (authType === 'Anonymous' && host === 'index.docker.io') {
        return [
          {
            tone: 'info',
            message:
              'Anonymous Docker Hub pulls are rate limited; a personal access token as the password avoids that.',
          },
        ]
      }
      if (host === 'gcr.io' || host.endsWith('.gcr.io') || host.endsWith('-docker.pkg.dev')) {
        return [
          {
            tone: 'info',
            message:
              'Google registries: use username _json_key_base64 with a base64-encoded service account key as the password.',
          },
        ]
      }
      return []
    },
  },
  fixedSpec: { executeOnDelegate: true },
  acceptedSpec: {
    proxy: {
      value: false,
      refusal:
        "proxy: true asks for Harness's Secure Connect, which this product does not have: the delegate connects to the registry itself. Remove proxy or set it to false.",
    },
  },
  connectionTest: {
    protocol: 'docker-registry-v2',
    stageTitle: 'Validating Docker Registry authentication and permissions',
  },
  docsUrl:
    'https://developer.harness.io/docs/platform/connectors/cloud-providers/ref-cloud-providers/docker-registry-connector-settings-reference',
  example: {
    name: 'Team registry',
    url: 'https://registry.acme.test:5000',
    shownUrl: 'https://registry.acme.test:5000',
    extras: { providerType: 'Other' },
    credentials: { username: 'demo', passwordSecret: 'demo_password' },
  },
}
