import type { ConnectorTypeDefinition } from '../connector-type'
import { httpUrlProblem, trimUrl } from '../url-rules'

/**
 * A connector type that exists only in tests. It proves the README's promise that adding a
 * type is one definition: the catalog, the wizard and the YAML mapping take it as they are.
 */
export const GENERIC_HTTP_REPOSITORY: ConnectorTypeDefinition = {
  type: 'GenericHttpRepo',
  label: 'Generic HTTP Repository',
  category: 'ARTIFACTORY',
  summary: 'Files served over HTTP(S) by any web server.',
  searchTerms: ['files', 'web server', 'raw'],
  icon: { monogram: 'G', background: '#5a5a5a' },
  url: {
    label: 'Repository Base URL',
    specKey: 'repositoryBaseUrl',
    placeholder: 'https://files.example.com/releases',
    help: 'The URL under which the files live.',
    requiredMessage: 'Repository Base URL is required.',
    validate: httpUrlProblem,
    normalize: trimUrl,
    guidance: () => [],
  },
  fields: [
    {
      key: 'layout',
      label: 'Layout',
      control: 'radio',
      options: [
        { value: 'Flat', label: 'Flat' },
        { value: 'Versioned', label: 'Versioned folders' },
      ],
      defaultValue: 'Flat',
      requiredMessage: 'Choose a Layout.',
    },
  ],
  authTypes: ['Anonymous', 'UsernamePassword'],
  credentials: { guidance: () => [] },
  fixedSpec: {},
  connectionTest: { protocol: 'helm-http', stageTitle: 'Validating the repository' },
  docsUrl: 'https://example.com/generic-http-repository',
  example: {
    name: 'Release files',
    url: 'https://charts.acme.test/stable',
    shownUrl: 'https://charts.acme.test/stable',
    credentials: 'anonymous',
  },
}
