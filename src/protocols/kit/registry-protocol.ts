import type { CredentialsToSend } from '../../connector-types/auth-methods'
import type { RealProtocol } from './check-context'
import type { ServerRecogniser } from './identify-server'
import type { ProtocolSimulator } from './protocol'
import type { WorldRow } from './simulated-servers'

/**
 * Everything one registry protocol is, from its own folder: its simulated server behaviour, its
 * real check, the servers it brings to the simulated world, and how it recognises its server in
 * any answer. The simulator and the delegate read protocols from the one list (protocols.ts).
 */
export type RegistryProtocol = {
  /** What a connector type names in `connectionTest.protocol`. */
  id: string
  simulator: ProtocolSimulator
  check: RealProtocol
  /** Rows of the simulated world, in the order the guide lists them. */
  servers: readonly WorldRow[]
  /**
   * The kinds of credentials its requests can carry besides none (auth-methods.ts): a type may
   * offer only methods of these kinds (protocols.test.ts checks every type).
   */
  credentialKinds: readonly Exclude<CredentialsToSend['scheme'], 'none'>[]
  /** Tells its own server from an answer's headers, so "not a … server" can say what answered. */
  recognise?: ServerRecogniser
}
