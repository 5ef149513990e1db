import type { SimulationInput, SimulationPlan } from '../connection-tests/test-plan'
import { callerRoutes } from './access/caller-handlers'
import type { Invitations } from './access/invitation-handlers'
import { invitationRoutes } from './access/invitation-handlers'
import type { Authenticate } from './access/principal'
import type { PrincipalDirectory } from './access/principal-directory'
import { fixedDirectory } from './access/principal-directory'
import { roleAssignmentRoutes } from './access/role-assignment-handlers'
import { serviceAccountApiRoutes } from './access/service-account-handlers'
import type { ServiceAccounts } from './access/service-accounts'
import { auditRoutes } from './audit/audit-handlers'
import { connectorRoutes } from './connector-handlers'
import { delegateAndDemoRoutes } from './delegate-and-demo-handlers'
import type { DelegateDispatch } from './delegate-dispatch'
import { entityUsageRoutes } from './entity-usage-handlers'
import type { HandlerContext } from './handler-context'
import type { LatencyOption } from './latency'
import { createLatency } from './latency'
import { pipelineRoutes } from './pipeline-handlers'
import { createRouter, type Route, type ServerErrorEntry } from './router'
import { scopeRoutes } from './scope-handlers'
import { secretRoutes } from './secret-handlers'
import { simulateConnectionTest } from './simulator/connection-test-simulator'
import type { DataStore } from './store'
import { testConnectionRoutes } from './test-connection-handlers'
import { testHistoryRoutes } from './test-history-handlers'

export type ApiOptions = {
  /** The data the handlers serve; a function or promise lets it be opened after the handlers exist. */
  store: DataStore | Promise<DataStore> | (() => DataStore | Promise<DataStore>)
  /** API base URL; '' (the default) is the page's own origin. */
  baseUrl?: string
  /** A scale of realistic durations (1, the default, is realistic; 0 is instant) or a function of them. */
  latency?: LatencyOption
  /** The simulated delegate; tests may replace it to script a connection test's stages. */
  simulate?: (input: SimulationInput) => SimulationPlan
  /**
   * The simulated world's own endpoints: its guide (`/ng/api/demo/world`) and Reset demo data.
   * The demo always has them (the default); the server with `--simulated-world`. Connection
   * tests run on the simulator unless `dispatch` is given.
   */
  simulatedWorld?: boolean
  /** Real delegates: connection tests become tasks that delegates run against real registries. */
  dispatch?: DelegateDispatch
  /**
   * Who sends each request. The demo and the simulated world pass `demoAuthentication` (you are
   * its Account Admin unless the page views as another demo user); the server, its sign-in.
   */
  authenticate: Authenticate
  /** The users and service accounts role assignments may name (none when left out). */
  principals?: PrincipalDirectory
  /** Invitations by link (the server with sign-in). */
  invitations?: Invitations
  /** Service accounts with API keys (the server with sign-in). */
  serviceAccounts?: ServiceAccounts
  /** The address a request came from (the server knows its socket; the demo is this browser). */
  clientAddress?: (request: Request) => string
  /** The bench's comparison only: false records no audit events (issue 20's figure). */
  recordAudit?: boolean
  /** The bench's comparison only: false lets every permission check pass. */
  enforcePermissions?: boolean
  /** Every 5xx the API answers, with its request id and cause (the server logs them). */
  onServerError?: (entry: ServerErrorEntry) => void
}

/** The API function a host serves: undefined for a request that is not the API's. */
export type Api = (request: Request) => Promise<Response | undefined>

/**
 * The whole API as one function of a Request (undefined for a request it does not serve), with
 * no host in it: Mock Service Worker serves it in the browser and in the tests, the Node server
 * serves it on a port.
 */
export function createApi(options: ApiOptions): Api {
  return createRouter(apiRoutes(options), options.onServerError ? { onServerError: options.onServerError } : {})
}

/** Every route of the API, in the order the router tries them (route-access.test.ts reads them). */
export function apiRoutes(options: ApiOptions): Route[] {
  const { store } = options
  const context: HandlerContext = {
    store: typeof store === 'function' ? store : () => store,
    latency: createLatency(options.latency ?? 1),
    base: new URL(options.baseUrl || 'http://api.invalid').pathname.replace(/\/+$/, ''),
    simulate: options.simulate ?? simulateConnectionTest,
    authenticate: options.authenticate,
    principals: options.principals ?? fixedDirectory(() => []),
    ...(options.invitations ? { invitations: options.invitations } : {}),
    ...(options.serviceAccounts ? { serviceAccounts: options.serviceAccounts } : {}),
    clientAddress: options.clientAddress ?? (() => 'this browser'),
    enforcePermissions: options.enforcePermissions ?? true,
    recordAudit: options.recordAudit ?? true,
    ...(options.dispatch ? { dispatch: options.dispatch } : {}),
  }
  return [
    ...testHistoryRoutes(context),
    ...connectorRoutes(context),
    ...testConnectionRoutes(context),
    ...secretRoutes(context),
    ...delegateAndDemoRoutes(context, { demoEndpoints: options.simulatedWorld ?? true }),
    ...pipelineRoutes(context),
    ...entityUsageRoutes(context),
    ...scopeRoutes(context),
    ...roleAssignmentRoutes(context),
    ...callerRoutes(context),
    ...invitationRoutes(context),
    ...serviceAccountApiRoutes(context),
    ...auditRoutes(context),
  ]
}
