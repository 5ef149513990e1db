import type { ConnectorTypeDefinition, DetailsValues, Guidance } from './connector-type'

// host[:port][/path], as Helm's `helm registry login` and Harness's OCI_CONNECTOR_URL_REGEX accept it.
const OCI_REFERENCE =
  /^(?<host>[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(?::(?<port>\d{1,5}))?(?<path>\/[^\s]*)?$/i
const ACCEPTED_SCHEMES = /^(oci|https):\/\//i

function stripScheme(url: string): string {
  return url.trim().replace(ACCEPTED_SCHEMES, '').replace(/\/+$/, '')
}

function ociUrlProblem(url: string): string | undefined {
  const trimmed = url.trim()
  if (/\s/.test(trimmed)) return 'A URL cannot contain spaces.'
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1]
  if (scheme && !ACCEPTED_SCHEMES.test(trimmed)) {
    return `Use host[:port][/path], optionally prefixed with oci://, not ${scheme}://.`
  }
  const match = OCI_REFERENCE.exec(stripScheme(trimmed))
  if (!match?.groups) {
    return 'The Helm Repository URL can start with an optional oci:// prefix and must contain a valid host name, an optional port and an optional path, for example registry.example.com:5000/charts.'
  }
  const port = match.groups.port
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    return 'The port must be a number from 1 to 65535.'
  }
  return undefined
}

function hostOf(url: string): string {
  return (OCI_REFERENCE.exec(stripScheme(url))?.groups?.host ?? '').toLowerCase()
}

function isEcr(host: string) {
  return /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/.test(host)
}

function isGoogle(host: string) {
  return host === 'gcr.io' || host.endsWith('.gcr.io') || host.endsWith('-docker.pkg.dev')
}

export const ociHelm: ConnectorTypeDefinition = {
  type: 'OciHelmRepo',
  label: 'OCI Helm Registry',
  category: 'ARTIFACTORY',
  summary: 'Helm 3 charts stored in an OCI registry: ACR, ECR, GCR, Harbor, registry:2.',
  searchTerms: [
    'helm',
    'oci',
    'chart',
    'charts',
    'helm 3',
    'ecr',
    'acr',
    'azure',
    'azure container registry',
    'gcr',
    'gar',
    'harbor',
  ],
  icon: { monogram: 'OCI', background: '#6a3fb5' },
  url: {
    label: 'Helm Repository URL',
    specKey: 'helmRepoUrl',
    placeholder: 'registry.example.com:5000/charts',
    help: 'host[:port][/path]. You may type oci:// in front; it is added for you.',
    requiredMessage: 'Helm Repository URL is required.',
    validate: ociUrlProblem,
    normalize: stripScheme,
    preview: (normalized) => `oci://${normalized}`,
    guidance: ({ url }) => {
      const notes: Guidance[] = []
      if (/^https:\/\//i.test(url.trim())) {
        notes.push({
          tone: 'info',
          message: 'https:// is not part of an OCI reference; only the host, port and path are used.',
        })
      }
      return notes
    },
  },
  fields: [],
  authTypes: ['UsernamePassword'],
  credentials: {
    usernameProblem: (username) =>
      username.trim() === '_json_key'
        ? 'The username _json_key is not supported for OCI registries. Use _json_key_base64 with the base64-encoded JSON key file as the password.'
        : undefined,
    guidance: ({ url, username }: DetailsValues) => {
      const host = hostOf(url)
      const notes: Guidance[] = []
      if (isEcr(host)) {
        notes.push({
          tone: username.trim() && username.trim() !== 'AWS' ? 'warning' : 'info',
          message:
            'Amazon ECR: the username is AWS and the password is a secret holding the output of aws ecr get-login-password --region <region>. That token is valid for 12 hours; update the secret before it expires.',
        })
      }
      if (isGoogle(host)) {
        notes.push({
          tone: 'info',
          message:
            'Google registries: username _json_key_base64 and the base64-encoded JSON key file as the password, or oauth2accesstoken with an access token.',
        })
      }
      return notes
    },
  },
  fixedSpec: {},
  connectionTest: {
    protocol: 'helm-oci',
    stageTitle: 'Validating OCI Helm registry (helm registry login)',
  },
  docsUrl: 'https://developer.harness.io/docs/platform/connectors/artifact-repositories/connect-to-an-artifact-repo',
  example: {
    name: 'OCI charts',
    url: 'oci://registry.acme.test:5000/charts',
    shownUrl: 'oci://registry.acme.test:5000/charts',
    credentials: { username: 'demo', passwordSecret: 'demo_password' },
  },
}
