import { useCallback, useSyncExternalStore } from 'react'

function subscribe(onChange: () => void) {
  window.addEventListener('popstate', onChange)
  return () => window.removeEventListener('popstate', onChange)
}

/** The current path, and a way to go elsewhere that keeps the query (e.g. `?latency=0`). */
export function useLocationPath(): [string, (path: string, options?: { replace?: boolean }) => void] {
  const path = useSyncExternalStore(subscribe, () => window.location.pathname)
  const navigate = useCallback((next: string, options: { replace?: boolean } = {}) => {
    const url = `${next}${window.location.search}`
    if (options.replace) window.history.replaceState(null, '', url)
    else window.history.pushState(null, '', url)
    window.dispatchEvent(new PopStateEvent('popstate'))
  }, [])
  return [path, navigate]
}
