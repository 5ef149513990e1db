import type { ComponentType } from 'react'
import { lazy } from 'react'

/**
 * A code-split component that renders at once when its chunk is already loaded. React.lazy
 * suspends on its first render even then, and React 19 holds a Suspense fallback for 300 ms,
 * so a prefetched dialog still took a third of a second to open (see `npm run bench`).
 */
export function lazyWithPreload<P extends object>(factory: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | undefined
  let pending: Promise<ComponentType<P>> | undefined
  const preload = () => {
    pending ??= factory().then((component) => {
      loaded = component
      return component
    })
    return pending
  }
  const Lazy = lazy(() => preload().then((component) => ({ default: component })))
  function Preloaded(props: P) {
    const Component = loaded ?? Lazy
    return <Component {...props} />
  }
  return { Component: Preloaded, preload }
}
