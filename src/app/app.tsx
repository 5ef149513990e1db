import { QueryClientProvider } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { ConnectorsPage } from '../connectors/connectors-page'
import { SCOPE_LEVEL_LABELS, scopeLevel } from '../lib/scope'
import { ScopeProvider } from '../scopes/scope-context'
import { DEFAULT_SCOPE, parseScopedPath, scopePath } from '../scopes/scope-paths'
import { ResetDemoData } from './reset-demo-data'
import { SimulatedWorldBanner } from './simulated-world'
import { useLocationPath } from './use-location'

type Props = { queryClient: QueryClient; mockBackend: boolean }

export function App({ queryClient, mockBackend }: Props) {
  const [path, navigate] = useLocationPath()
  const route = parseScopedPath(path)

  useEffect(() => {
    if (!route || route.page !== 'connectors') navigate(`${scopePath(DEFAULT_SCOPE)}/connectors`, { replace: true })
  }, [route, navigate])

  if (!route || route.page !== 'connectors') return null
  const { scope } = route
  const level = scopeLevel(scope)

  return (
    <QueryClientProvider client={queryClient}>
      <ScopeProvider scope={scope}>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="app-header">
          <span className="app-header__brand">Artifact Repository Connectors</span>
          <nav aria-label="Scope" className="breadcrumbs">
            <ol>
              <li>Account: {scope.accountIdentifier}</li>
              {scope.orgIdentifier ? <li>Organization: {scope.orgIdentifier}</li> : null}
              {scope.projectIdentifier ? <li>Project: {scope.projectIdentifier}</li> : null}
              <li aria-current="page">Connectors</li>
            </ol>
          </nav>
          {mockBackend ? <ResetDemoData /> : null}
        </header>
        <main id="main" className="app-main" data-scope-level={SCOPE_LEVEL_LABELS[level]}>
          {mockBackend ? <SimulatedWorldBanner /> : null}
          <ConnectorsPage />
        </main>
      </ScopeProvider>
    </QueryClientProvider>
  )
}
