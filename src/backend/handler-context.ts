import type { SimulationInput, SimulationPlan } from '../connection-tests/test-plan'
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
  /** Real delegates (the server without --simulated-world); without it tests run on the simulator. */
  dispatch?: DelegateDispatch
}
