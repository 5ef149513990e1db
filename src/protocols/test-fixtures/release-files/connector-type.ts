import type { AuthMethodId } from '../../../connector-types/auth-methods'
import type { ConnectorTypeDefinition } from '../../../connector-types/connector-type'
import { httpUrlProblem, trimUrl } from '../../../connector-types/url-rules'
import { STAGE_TITLE } from './words'

/** The type that names the seventh protocol: one registry file, as every type is. */
export const RELEASE_FILES_TYPE: ConnectorTypeDefinition = {
  type: 'ReleaseFiles',
  label: 'Release Files',
  category: 'ARTIFACTORY',
  summary: 'A folder of release files with a RELEASES listing.',
  searchTerms: ['releases'],
  icon: { monogram: 'R', background: '#4a5a6a' },
  url: {
    label: 'Release Folder URL',
    specKey: 'releaseFolderUrl',
    placeholder: 'https://files.example.com/rel',
    help: 'The folder that holds RELEASES.',
    requiredMessage: 'Release Folder URL is required.',
    validate: httpUrlProblem,
    normalize: trimUrl,
    guidance: () => [],
  },
  fields: [],
  // BearerToken is the test-only method of connector-types/test-fixtures/bearer-token-method.ts.
  authTypes: ['Anonymous', 'UsernamePassword', 'BearerToken' as AuthMethodId],
  credentials: { guidance: () => [] },
  fixedSpec: {},
  connectionTest: { protocol: 'release-files', stageTitle: STAGE_TITLE },
  docsUrl: 'https://example.com/release-files',
  example: {
    name: 'Release folder',
    url: 'https://files.acme.test/rel',
    shownUrl: 'https://files.acme.test/rel',
    credentials: 'anonymous',
  },
}
