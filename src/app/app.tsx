import { QueryClientProvider } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import { lazy, Suspense, useEffect } from 'react'
import { ViewAsMenu } from '../access-control/view-as-menu'
import { ConnectorsPage } from '../connectors/connectors-page'
import { HOST } from '../lib/host'
import { ScopeProvider } from '../scopes/scope-context'
import { parseScopedPath, scopePath } from '../scopes/scope-paths'
import { ScopeSwitcher } from '../scopes/scope-switcher'
import type { SignedInUser } from '../sign-in/sign-in-api'
import { SignInGate } from '../sign-in/sign-in-gate'
import { UserMenu } from '../sign-in/user-menu'
import { AppLink, NavigationProvider, useNavigation } from '../ui/navigation'
import { ApiKeyPrompt } from './api-key-prompt'
import { useDataSync } from './data-sync'
import { useLandingPath } from './landing'
import { ResetDemoData } from './reset-demo-data'
import { SimulatedWorldBanner } from './simulated-world'

const PipelinesPage = lazy(() =>
  import('../pipelines/pipelines-page').then((module) => ({ default: module.PipelinesPage })),
)
const PipelineEditorPage = lazy(() =>
  import('../pipelines/pipeline-editor-page').then((module) => ({ default: module.PipelineEditorPage })),
)
const AccessControlPage = lazy(() =>
  import('../access-control/access-control-page').then((module) => ({ default: module.AccessControlPage })),
)
const AuditTrailPage = lazy(() =>
  import('../audit-trail/audit-trail-page').then((module) => ({ default: module.AuditTrailPage })),
)
const SecretsPage = lazy(() => import('../secrets/secrets-page').then((module) => ({ default: module.SecretsPage })))
const DelegatesPage = lazy(() =>
  import('../delegates/delegates-page').then((module) => ({ default: module.DelegatesPage })),
)

type Props = { queryClient: QueryClient; mockBackend: boolean }

export function App({ queryClient, mockBackend }: Props) {
  return (
    <QueryClientProvider client={queryClient}>
      <NavigationProvider>
        {/* The real server asks who you are first (sign-in/); the demo never does. */}
        <SignInGate>{(user) => <Shell mockBackend={mockBackend} user={user} />}</SignInGate>
      </NavigationProvider>
    </QueryClientProvider>
  )
}

const PAGES = ['connectors', 'secrets', 'pipelines', 'delegates', 'access-control', 'audit-trail']

function Shell({ mockBackend, user }: { mockBackend: boolean; user: SignedInUser | undefined }) {
  const { path, navigate } = useNavigation()
  useDataSync(mockBackend)
  // The demo, or a server started with --simulated-world: the guide and Reset are there.
  const simulated = mockBackend || HOST.simulatedWorld
  const route = parseScopedPath(path)
  const known = route && PAGES.includes(route.page)

  const landing = useLandingPath(simulated)

  useEffect(() => {
    if (!known && landing) navigate(landing, { replace: true })
  }, [known, landing, navigate])

  if (!route || !known) return null
  const { scope, page, item } = route
  const base = scopePath(scope)
  const inProject = Boolean(scope.projectIdentifier)

  return (
    <ScopeProvider scope={scope}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="app-header__brand">Artifact Repository Connectors</span>
        <ScopeSwitcher scope={scope} onChange={(next) => navigate(`${scopePath(next)}/connectors`)} />
        <nav aria-label="Sections" className="app-nav">
          <AppLink href={`${base}/connectors`} aria-current={page === 'connectors' ? 'page' : undefined}>
            Connectors
          </AppLink>
          {/* Secrets live at every scope, as connectors do. */}
          <AppLink href={`${base}/secrets`} aria-current={page === 'secrets' ? 'page' : undefined}>
            Secrets
          </AppLink>
          {inProject ? (
            <AppLink href={`${base}/pipelines`} aria-current={page === 'pipelines' && !item ? 'page' : undefined}>
              Pipelines
            </AppLink>
          ) : null}
          {/* Delegates belong to the account: the page is there in every scope. */}
          <AppLink href={`${base}/delegates`} aria-current={page === 'delegates' ? 'page' : undefined}>
            Delegates
          </AppLink>
          <AppLink href={`${base}/access-control`} aria-current={page === 'access-control' ? 'page' : undefined}>
            Access control
          </AppLink>
          <AppLink href={`${base}/audit-trail`} aria-current={page === 'audit-trail' ? 'page' : undefined}>
            Audit Trail
          </AppLink>
        </nav>
        {simulated ? <ViewAsMenu /> : null}
        {simulated ? <ResetDemoData /> : null}
        {user ? <UserMenu user={user} /> : null}
      </header>
      <main id="main" className="app-main">
        {simulated && page === 'connectors' ? <SimulatedWorldBanner /> : null}
        {page === 'connectors' ? <ConnectorsPage key={base} detailsIdentifier={item} /> : null}
        <Suspense
          fallback={
            <p className="muted" role="status">
              Loading…
            </p>
          }
        >
          {page === 'pipelines' && !inProject ? (
            <p role="status">Pipelines belong to projects: choose a project above.</p>
          ) : null}
          {page === 'pipelines' && inProject && !item ? <PipelinesPage /> : null}
          {page === 'pipelines' && inProject && item ? <PipelineEditorPage key={item} identifier={item} /> : null}
          {/* Keyed by scope: the search and open dialogs are one scope's. */}
          {page === 'secrets' ? <SecretsPage key={base} /> : null}
          {page === 'delegates' ? <DelegatesPage /> : null}
          {page === 'access-control' ? <AccessControlPage /> : null}
          {/* Keyed by scope: the filters and open rows are one scope's, read again from the address. */}
          {page === 'audit-trail' ? <AuditTrailPage key={base} /> : null}
        </Suspense>
      </main>
      {/* With sign-in, a 401 means "sign in again", not "type the API key". */}
      {mockBackend || HOST.signIn ? null : <ApiKeyPrompt />}
    </ScopeProvider>
  )
}
