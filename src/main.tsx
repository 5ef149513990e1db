import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { config as zodConfig } from 'zod/mini'
import { App } from './app/app'
import { API_BASE_URL } from './lib/api-client'
import { setBackendReady } from './lib/backend-ready'
import { HOST } from './lib/host'
import { createQueryClient } from './lib/query-client'
import './ui/styles.css'

/** `?latency=0` makes the simulated network and connection tests instant (used by tests). */
function latencyScale(): number {
  const value = new URLSearchParams(window.location.search).get('latency')
  const scale = value === null ? 1 : Number(value)
  return Number.isFinite(scale) && scale >= 0 ? scale : 1
}

/**
 * Benchmark only (`npm run bench`): `?bench-connectors=10000` makes the mock backend hold that many
 * generated connectors in project payments, so the list can be measured at scale without the UI.
 */
function benchConnectors(): number | undefined {
  const count = Number(new URLSearchParams(window.location.search).get('bench-connectors'))
  return Number.isInteger(count) && count > 0 && count <= 100_000 ? count : undefined
}

// zod would probe for eval (new Function) to speed up parsing; the CSP forbids it, so say no first.
zodConfig({ jitless: true })

const mockBackend = API_BASE_URL === '' && !HOST.servedByServer
if (mockBackend) {
  // Loaded on its own so the app's first chunk stays small; requests wait for it.
  setBackendReady(
    import('./demo-backend/start-browser-mock-backend').then((module) =>
      module.startBrowserMockBackend({ latencyScale: latencyScale(), bulkConnectors: benchConnectors() }),
    ),
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App queryClient={createQueryClient()} mockBackend={mockBackend} />
  </StrictMode>,
)
