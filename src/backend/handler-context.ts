import type { SimulationInput, SimulationPlan } from '../connection-tests/test-plan'
import type { Invitations } from './access/invitation-handlers'
import type { Authenticate } from './access/principal'
import type { PrincipalDirectory } from './access/principal-directory'
import type { ServiceAccounts } from './access/service-accounts'
import type { DelegateDispatch } from './delegate-dispatch'
import type { Latency } from './latency'
import type { DataStore } from './store'

/** What every group of handlers works with. */
export type HandlerContext = {
  /** The data, resolved per request so that a store opened later (or replaced) is used. */
  store: () => DataStore | Promise<DataStore>
  latency: Latency
  /** API base URL without a trailing slash; '' means the page's own origin. */
  base: string
  simulate: (input: SimulationInput) => SimulationPlan
  /** Who sends a request: the demo's "View as" user, or the server's signed-in user or API key. */
  authenticate: Authenticate
  /** The account's users and service accounts, for bindings and the Access control page. */
  principals: PrincipalDirectory
  /** The server's invitations (the demo has none). */
  invitations?: Invitations
  /** The server's service accounts, API keys and tokens (the demo has none). */
  serviceAccounts?: ServiceAccounts
  /** The address a request came from, as the audit trail records it. */
  clientAddress: (request: Request) => string
  /** False only for the bench's comparison of create throughput: no audit events. */
  recordAudit: boolean
  /** False only for the bench's comparison: every permission check passes. */
  enforcePermissions: boolean
  /** Real delegates (the server without --simulated-world); without it tests run on the simulator. */
  dispatch?: DelegateDispatch
}
