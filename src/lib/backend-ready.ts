/**
 * Requests wait until the backend can answer: the built-in mock backend needs its service
 * worker registered first. The app sets this before it renders; tests leave it resolved.
 */
let ready: Promise<unknown> = Promise.resolve()

export function setBackendReady(promise: Promise<unknown>): void {
  ready = promise
}

export function backendReady(): Promise<unknown> {
  return ready
}
