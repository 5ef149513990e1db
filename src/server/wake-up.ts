/**
 * Wakes the waiters of this process at once when something they wait for happens here (a task
 * queued, an event appended). Waiters also wake after `ms` by themselves and read the database
 * again, which is how a change made by another server sharing the database reaches them.
 */
export class WakeUp {
  private waiters = new Set<() => void>()

  notify(): void {
    const waiters = this.waiters
    this.waiters = new Set()
    for (const wake of waiters) wake()
  }

  /** Resolves on the next notify, after `ms`, or when `signal` aborts, whichever comes first. */
  wait(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.waiters.delete(done)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      this.waiters.add(done)
      signal?.addEventListener('abort', done, { once: true })
    })
  }
}
