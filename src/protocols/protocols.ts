import { plannedStageTitles } from '../connection-tests/test-plan'
import type { ConnectorInfo } from '../lib/api-types'
import { artifactory } from './artifactory/protocol'
import { dockerV2 } from './docker-v2/protocol'
import { helmHttp } from './helm-http/protocol'
import { helmOci } from './helm-oci/protocol'
import { reachabilityTitle } from './kit/network-faults'
import type { RegistryProtocol } from './kit/registry-protocol'
import type { ProtocolProbe } from './kit/server-probes'
import { nexus } from './nexus/protocol'

/**
 * The registry protocols, one folder each. A connector type names one by its id
 * (`connectionTest.protocol`); the simulator plays it, the delegate runs its real check. To add
 * a protocol: write its folder (see docker-v2/) and list it here.
 */
export const PROTOCOLS: readonly RegistryProtocol[] = [artifactory, dockerV2, helmHttp, helmOci, nexus]

export function findProtocol(id: string): RegistryProtocol | undefined {
  return PROTOCOLS.find((protocol) => protocol.id === id)
}

/** Every protocol's requests that tell its server apart, for the checks of the others. */
export const SERVER_PROBES: readonly ProtocolProbe[] = PROTOCOLS.flatMap((protocol) =>
  (protocol.recognise?.probes ?? []).map((probe) => ({ protocol: protocol.id, probe })),
)
/**
 * The stages a whole test of this connector runs, with its protocol's reachability title: what
 * both hosts announce before a test's first stage (the `plan` event), so the wizard lists them all.
 */
export function plannedStages(connector: ConnectorInfo): string[] {
  return plannedStageTitles(connector, (definition, endpoint) => {
    const protocol = findProtocol(definition.connectionTest.protocol)?.simulator
    return protocol ? reachabilityTitle(protocol.reachabilityLabel(endpoint)) : undefined
  })
}
