import type { RegistryProtocol } from '../../kit/registry-protocol'
import { releaseFilesCheck } from './check'
import { recogniseReleaseFiles } from './recognise'
import { SERVERS } from './servers'
import { releaseFiles } from './simulated'

/** A seventh protocol that exists only in tests: everything it is lives in this folder. */
export const RELEASE_FILES_PROTOCOL: RegistryProtocol = {
  id: 'release-files',
  simulator: releaseFiles,
  check: releaseFilesCheck,
  servers: SERVERS,
  credentialKinds: ['basic', 'bearer'],
  recognise: recogniseReleaseFiles,
}
