/**
 * Slows down guessing (decision 022): after `freeFailures` failed sign-ins within `windowMs` for
 * one key (an email, a client address), each further attempt on it waits 1 s, then 2, 4… at most
 * `maxDelayMs`. The wait is a timer, so the event loop keeps serving everyone else. Attempts are
 * queued per key, so that a hundred at once wait in turn rather than together; one that would
 * have to wait longer than `maxDelayMs` is not queued but refused (429 with Retry-After), so that
 * no one can pile up timers.
 */

export type ThrottleOptions = {
  now?: () => number
  sleep?: (ms: number) => Promise<void>
  freeFailures?: number
  windowMs?: number
  firstDelayMs?: number
  maxDelayMs?: number
  /** How many keys are remembered at most; the oldest are forgotten first. */
  maxKeys?: number
}

type Entry = { failures: number[]; nextAt: number }

export type Throttle = {
  /** Waits as long as the keys say; answers the seconds to come back after when it would be too long. */
  beforeAttempt(keys: readonly string[]): Promise<{ retryAfterSeconds: number } | undefined>
  failed(keys: readonly string[]): void
  succeeded(keys: readonly string[]): void
}

export function createThrottle(options: ThrottleOptions = {}): Throttle {
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const freeFailures = options.freeFailures ?? 5
  const windowMs = options.windowMs ?? 15 * 60_000
  const firstDelayMs = options.firstDelayMs ?? 1000
  const maxDelayMs = options.maxDelayMs ?? 60_000
  const maxKeys = options.maxKeys ?? 50_000
  const entries = new Map<string, Entry>()

  function entry(key: string, at: number): Entry | undefined {
    const found = entries.get(key)
    if (!found) return undefined
    found.failures = found.failures.filter((time) => at - time < windowMs)
    if (found.failures.length === 0 && found.nextAt <= at) {
      entries.delete(key)
      return undefined
    }
    return found
  }

  function delayOf(found: Entry | undefined): number {
    const over = (found?.failures.length ?? 0) - freeFailures
    if (over < 0) return 0
    return Math.min(maxDelayMs, firstDelayMs * 2 ** Math.min(over, 30))
  }

  return {
    async beforeAttempt(keys) {
      const at = now()
      let startAt = at
      for (const key of keys) {
        const found = entry(key, at)
        const delay = delayOf(found)
        if (delay > 0 && found) startAt = Math.max(startAt, Math.max(found.nextAt, at) + delay)
      }
      const wait = startAt - at
      if (wait > maxDelayMs) return { retryAfterSeconds: Math.ceil(wait / 1000) }
      if (wait <= 0) return undefined
      for (const key of keys) {
        const found = entry(key, at)
        if (found) found.nextAt = startAt
      }
      await sleep(wait)
      return undefined
    },
    failed(keys) {
      const at = now()
      for (const key of keys) {
        const found = entry(key, at) ?? { failures: [], nextAt: 0 }
        found.failures.push(at)
        entries.delete(key)
        entries.set(key, found)
      }
      while (entries.size > maxKeys) {
        const oldest = entries.keys().next().value
        if (oldest === undefined) break
        entries.delete(oldest)
      }
    },
    succeeded(keys) {
      for (const key of keys) entries.delete(key)
    },
  }
}
