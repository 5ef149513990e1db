import type { RegistryProtocol } from '../kit/registry-protocol'
import { httpHelmCheck } from './check'
import { recogniseHelmRepository } from './recognise'
import { SERVERS } from './servers'
import { httpHelmProtocol } from './simulated'

export const helmHttp: RegistryProtocol = {
  id: 'helm-http',
  simulator: httpHelmProtocol,
  check: httpHelmCheck,
  servers: SERVERS,
  credentialKinds: ['basic'],
  recognise: recogniseHelmRepository,
}
