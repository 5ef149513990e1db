import type { RegistryProtocol } from '../kit/registry-protocol'
import { artifactoryCheck } from './check'
import { recogniseArtifactory } from './recognise'
import { SERVERS } from './servers'
import { artifactoryProtocol } from './simulated'

export const artifactory: RegistryProtocol = {
  id: 'artifactory',
  simulator: artifactoryProtocol,
  check: artifactoryCheck,
  servers: SERVERS,
  credentialKinds: ['basic', 'bearer'],
  recognise: recogniseArtifactory,
}
