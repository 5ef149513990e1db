import type { ReactNode } from 'react'
import { createContext, useContext } from 'react'
import type { Scope } from '../lib/scope'

const ScopeContext = createContext<Scope | null>(null)

export function ScopeProvider({ scope, children }: { scope: Scope; children: ReactNode }) {
  return <ScopeContext.Provider value={scope}>{children}</ScopeContext.Provider>
}

/** The scope whose connectors and secrets the user is looking at. */
export function useCurrentScope(): Scope {
  const scope = useContext(ScopeContext)
  if (!scope) throw new Error('useCurrentScope needs a ScopeProvider')
  return scope
}
