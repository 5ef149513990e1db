import type { AnchorHTMLAttributes, ReactNode } from 'react'
import { createContext, useCallback, useContext, useEffect, useId, useMemo, useRef, useState } from 'react'
import { LazyConfirmDialog } from './lazy-dialogs'

type Navigation = {
  path: string
  navigate: (path: string, options?: { replace?: boolean }) => void
  /**
   * While a message is set, leaving the page (a link, Back/Forward, a reload) asks first. Each
   * caller has its own slot (`key`), so a wizard open over a pipeline editor does not clear the
   * editor's warning when it closes.
   */
  setLeaveWarning: (message: string | null, key?: string) => void
}

const NavigationContext = createContext<Navigation | null>(null)

/**
 * The app's address, as state: every change, a link or the browser's Back and Forward, goes
 * through here, so a page with unsaved work can ask before it is left.
 */
export function NavigationProvider({ children }: { children: ReactNode }) {
  const [path, setPath] = useState(() => window.location.pathname)
  const current = useRef(path)
  const warning = useRef<string | null>(null)
  const warnings = useRef(new Map<string, string>())
  const [pending, setPending] = useState<{ target: string; message: string } | null>(null)

  const go = useCallback((next: string, replace = false) => {
    const url = `${next}${window.location.search}`
    if (replace) window.history.replaceState(null, '', url)
    else window.history.pushState(null, '', url)
    current.current = next
    setPath(next)
  }, [])

  useEffect(() => {
    const onPopState = () => {
      const target = window.location.pathname
      if (warning.current && target !== current.current) {
        // Put the address back until the user decides; the page and its edits stay.
        window.history.pushState(null, '', `${current.current}${window.location.search}`)
        setPending({ target, message: warning.current })
        return
      }
      current.current = target
      setPath(target)
    }
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (warning.current) event.preventDefault()
    }
    window.addEventListener('popstate', onPopState)
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => {
      window.removeEventListener('popstate', onPopState)
      window.removeEventListener('beforeunload', onBeforeUnload)
    }
  }, [])

  const navigate = useCallback(
    (next: string, options?: { replace?: boolean }) => {
      if (warning.current && next !== current.current) setPending({ target: next, message: warning.current })
      else go(next, options?.replace)
    },
    [go],
  )
  const setLeaveWarning = useCallback((message: string | null, key = 'page') => {
    if (message === null) warnings.current.delete(key)
    else warnings.current.set(key, message)
    warning.current = [...warnings.current.values()].at(-1) ?? null
  }, [])
  const value = useMemo(() => ({ path, navigate, setLeaveWarning }), [path, navigate, setLeaveWarning])

  return (
    <NavigationContext.Provider value={value}>
      {children}
      <LazyConfirmDialog
        open={pending !== null}
        title="Leave without saving?"
        message={pending?.message ?? ''}
        confirmLabel="Leave without saving"
        cancelLabel="Stay"
        tone="danger"
        onCancel={() => setPending(null)}
        onConfirm={() => {
          const target = pending?.target
          warnings.current.clear()
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

/** The navigation, or null outside a NavigationProvider (a page rendered on its own, in a test). */
export function useOptionalNavigation(): Navigation | null {
  return useContext(NavigationContext)
}

/** An in-app link: a real `<a href>` (opens in a new tab, copies), navigated without a reload. */
export function AppLink({ href, children, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { navigate } = useNavigation()
  return (
    <a
      href={`${href}${window.location.search}`}
      onClick={(event) => {
        if (
          event.defaultPrevented ||
          event.button !== 0 ||
          event.metaKey ||
          event.ctrlKey ||
          event.shiftKey ||
          event.altKey
        )
          return
        event.preventDefault()
        navigate(href)
      }}
      {...rest}
    >
      {children}
    </a>
  )
}

/**
 * Asks before the page is left while `message` is set; nothing outside a NavigationProvider
 * (a component rendered on its own, in a test).
 */
export function useLeaveWarning(message: string | null): void {
  const navigation = useContext(NavigationContext)
  const key = useId()
  const setLeaveWarning = navigation?.setLeaveWarning
  useEffect(() => {
    setLeaveWarning?.(message, key)
    return () => setLeaveWarning?.(null, key)
  }, [message, key, setLeaveWarning])
}

/**
 * Query parameters a page keeps in the address (a list's filters), read as they are now. They are
 * not navigation state: a page reads them once when it opens and writes them back as they change.
 */
export function readQueryParams(): URLSearchParams {
  return new URLSearchParams(window.location.search)
}

/**
 * Sets query parameters in place (no history entry, no navigation); `undefined` or '' removes one.
 * The others stay, `?latency=0` among them.
 */
export function replaceQueryParams(values: Record<string, string | undefined>): void {
  const params = new URLSearchParams(window.location.search)
  for (const [name, value] of Object.entries(values)) {
    if (value) params.set(name, value)
    else params.delete(name)
  }
  const search = params.toString()
  const url = `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`
  if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
    window.history.replaceState(window.history.state, '', url)
  }
}
