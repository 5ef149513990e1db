import type { RegistryProtocol } from '../kit/registry-protocol'
import { dockerRegistryCheck } from './check'
import { recogniseDockerRegistry } from './recognise'
import { SERVERS } from './servers'
import { dockerRegistryProtocol } from './simulated'

export const dockerV2: RegistryProtocol = {
  id: 'docker-registry-v2',
  simulator: dockerRegistryProtocol,
  check: dockerRegistryCheck,
  servers: SERVERS,
  credentialKinds: ['basic'],
  recognise: recogniseDockerRegistry,
}
