import type { RegistryProtocol } from '../kit/registry-protocol'
import { ociHelmCheck } from './check'
import { SERVERS } from './servers'
import { ociHelmProtocol } from './simulated'

export const helmOci: RegistryProtocol = {
  id: 'helm-oci',
  simulator: ociHelmProtocol,
  check: ociHelmCheck,
  servers: SERVERS,
  credentialKinds: ['basic'],
}
