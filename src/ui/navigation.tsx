import type { AnchorHTMLAttributes, ReactNode } from 'react'
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react'
import { ConfirmDialog } from './confirm-dialog'
import { useLocationPath } from './use-location'

type Navigation = {
  path: string
  navigate: (path: string, options?: { replace?: boolean }) => void
  /** While set, leaving the page (in the app or by reload) asks first. */
  setLeaveWarning: (message: string | null) => void
}

const NavigationContext = createContext<Navigation | null>(null)

export function NavigationProvider({ children }: { children: ReactNode }) {
  const [path, go] = useLocationPath()
  const warning = useRef<string | null>(null)
  const [pending, setPending] = useState<string | null>(null)

  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (warning.current) event.preventDefault()
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [])

  const navigate = useCallback(
    (next: string, options?: { replace?: boolean }) => {
      if (warning.current && next !== window.location.pathname) setPending(next)
      else go(next, options)
    },
    [go],
  )
  const setLeaveWarning = useCallback((message: string | null) => {
    warning.current = message
  }, [])
  const value = useMemo(() => ({ path, navigate, setLeaveWarning }), [path, navigate, setLeaveWarning])

  return (
    <NavigationContext.Provider value={value}>
      {children}
      <ConfirmDialog
        open={pending !== null}
        title="Leave without saving?"
        message={warning.current ?? ''}
        confirmLabel="Leave without saving"
        cancelLabel="Stay"
        tone="danger"
        onCancel={() => setPending(null)}
        onConfirm={() => {
          const target = pending
          warning.current = null
          setPending(null)
          if (target) go(target)
        }}
      />
    </NavigationContext.Provider>
  )
}

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext)
  if (!navigation) throw new Error('useNavigation needs a NavigationProvider')
  return navigation
}

/** An in-app link: a real `<a href>` (opens in a new tab, copies), navigated without a reload. */
export function AppLink({ href, children, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { navigate } = useNavigation()
  return (
    <a
      href={`${href}${window.location.search}`}
      onClick={(event) => {
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
        event.preventDefault()
        navigate(href)
      }}
      {...rest}
    >
      {children}
    </a>
  )
}
