import type { RegistryProtocol } from '../kit/registry-protocol'
import { nexusCheck } from './check'
import { recogniseNexus } from './recognise'
import { SERVERS } from './servers'
import { nexusProtocol } from './simulated'

export const nexus: RegistryProtocol = {
  id: 'nexus',
  simulator: nexusProtocol,
  check: nexusCheck,
  servers: SERVERS,
  credentialKinds: ['basic'],
  recognise: recogniseNexus,
}
