import type { HttpHandler } from 'msw'
import { http } from 'msw'
import { connectorRoutes } from './connector-handlers'
import { delegateAndDemoRoutes } from './delegate-and-demo-handlers'
import { entityUsageRoutes } from './entity-usage-handlers'
import type { HandlerContext } from './handler-context'
import type { LatencyOption } from './latency'
import { createLatency } from './latency'
import type { MockDataStore } from './mock-data-store'
import { pipelineRoutes } from './pipeline-handlers'
import { createRouter } from './router'
import { scopeRoutes } from './scope-handlers'
import { secretRoutes } from './secret-handlers'
import { simulateConnectionTest } from './simulator/connection-test-simulator'
import type { SimulationInput, SimulationPlan } from './simulator/simulation-types'
import { testConnectionRoutes } from './test-connection-handlers'

export type MockHandlerOptions = {
  /** The data the handlers serve; a function or promise lets it be opened after the handlers exist. */
  store: MockDataStore | Promise<MockDataStore> | (() => MockDataStore | Promise<MockDataStore>)
  /** API base URL; '' (the default) is the page's own origin. */
  baseUrl?: string
  /** A scale of realistic durations (1, the default, is realistic; 0 is instant) or a function of them. */
  latency?: LatencyOption
  /** The simulated delegate; tests may replace it to script a connection test's stages. */
  simulate?: (input: SimulationInput) => SimulationPlan
}

/**
 * The whole API as one function of a Request (undefined for a request it does not serve), with
 * no host in it: Mock Service Worker serves it in the browser and in the tests.
 */
export function createApi(options: MockHandlerOptions): (request: Request) => Promise<Response | undefined> {
  const { store } = options
  const context: HandlerContext = {
    store: typeof store === 'function' ? store : () => store,
    latency: createLatency(options.latency ?? 1),
    base: new URL(options.baseUrl || 'http://api.invalid').pathname.replace(/\/+$/, ''),
    simulate: options.simulate ?? simulateConnectionTest,
  }
  return createRouter([
    ...connectorRoutes(context),
    ...testConnectionRoutes(context),
    ...secretRoutes(context),
    ...delegateAndDemoRoutes(context),
    ...pipelineRoutes(context),
    ...entityUsageRoutes(context),
    ...scopeRoutes(context),
  ])
}

/** The API hosted by Mock Service Worker, for the browser's worker and for the tests' server alike. */
export function createHandlers(options: MockHandlerOptions): HttpHandler[] {
  const api = createApi(options)
  const origin = (options.baseUrl ?? '').replace(/\/+$/, '')
  // Returning nothing lets a request the API does not serve pass (the app's own files).
  return [http.all(`${origin}/*`, ({ request }) => api(request))]
}
