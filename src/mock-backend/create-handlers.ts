import type { HttpHandler } from 'msw'
import { connectorHandlers } from './connector-handlers'
import { delegateAndDemoHandlers } from './delegate-and-demo-handlers'
import { entityUsageHandlers } from './entity-usage-handlers'
import type { HandlerContext } from './handler-context'
import type { LatencyOption } from './latency'
import { createLatency } from './latency'
import type { MockDataStore } from './mock-data-store'
import { pipelineHandlers } from './pipeline-handlers'
import { scopeHandlers } from './scope-handlers'
import { secretHandlers } from './secret-handlers'
import { simulateConnectionTest } from './simulator/connection-test-simulator'
import type { SimulationInput, SimulationPlan } from './simulator/simulation-types'
import { testConnectionHandlers } from './test-connection-handlers'

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

/** Every handler of the mock backend, for the browser's worker and for the tests' server alike. */
export function createHandlers(options: MockHandlerOptions): HttpHandler[] {
  const { store } = options
  const context: HandlerContext = {
    store: typeof store === 'function' ? store : () => store,
    latency: createLatency(options.latency ?? 1),
    base: (options.baseUrl ?? '').replace(/\/+$/, ''),
    simulate: options.simulate ?? simulateConnectionTest,
  }
  return [
    ...connectorHandlers(context),
    ...testConnectionHandlers(context),
    ...secretHandlers(context),
    ...delegateAndDemoHandlers(context),
    ...pipelineHandlers(context),
    ...entityUsageHandlers(context),
    ...scopeHandlers(context),
  ]
}
