/**
 * How long the mock backend takes. A number scales realistic durations (1 = realistic,
 * 0 = instant for tests); a function maps each realistic duration to the one to wait.
 */
export type LatencyOption = number | ((realisticMs: number) => number)

const REQUEST_MIN_MS = 150
const REQUEST_SPREAD_MS = 250

export type Latency = {
  /** Scales a realistic duration, e.g. a connection test's stage. */
  scale(realisticMs: number): number
  /** Waits as long as an ordinary API call takes (150–400 ms realistically). */
  request(): Promise<void>
}

export function createLatency(option: LatencyOption = 1): Latency {
  const scale = (realisticMs: number) =>
    Math.max(0, typeof option === 'function' ? option(realisticMs) : realisticMs * option)
  return {
    scale,
    request: () => sleep(scale(REQUEST_MIN_MS + Math.random() * REQUEST_SPREAD_MS)),
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  // No timer at all for zero: tests with fake timers must not wait on the mock backend.
  if (ms <= 0 || signal?.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}
