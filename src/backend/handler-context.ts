import type { Latency } from './latency'
import type { MockDataStore } from './mock-data-store'
import type { SimulationInput, SimulationPlan } from './simulator/simulation-types'

/** What every group of handlers works with. */
export type HandlerContext = {
  /** The data, resolved per request so that a store opened later (or replaced) is used. */
  store: () => MockDataStore | Promise<MockDataStore>
  latency: Latency
  /** API base URL without a trailing slash; '' means the page's own origin. */
  base: string
  simulate: (input: SimulationInput) => SimulationPlan
}

export function apiPath(context: HandlerContext, path: string): string {
  return `${context.base}${path}`
}
