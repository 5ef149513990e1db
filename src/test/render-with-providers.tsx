import { QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ReactElement } from 'react'
import { createQueryClient } from '../lib/query-client'
import type { Scope } from '../lib/scope'
import { ScopeProvider } from '../scopes/scope-context'
import { DEFAULT_SCOPE } from '../scopes/scope-paths'

/** Renders with the app's providers, against the mock backend's handlers (see setup.ts). */
export function renderWithProviders(ui: ReactElement, { scope = DEFAULT_SCOPE }: { scope?: Scope } = {}) {
  const queryClient = createQueryClient()
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } })
  const user = userEvent.setup()
  const result = render(
    <QueryClientProvider client={queryClient}>
      <ScopeProvider scope={scope}>{ui}</ScopeProvider>
    </QueryClientProvider>,
  )
  return { ...result, user, queryClient }
}
