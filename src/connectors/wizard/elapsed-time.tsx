import { useEffect, useState } from 'react'

/** The whole test's limit on a delegate (per request, 10 s to connect). */
export const TEST_LIMIT_SECONDS = 30

/**
 * Seconds since the test started, ticking while it runs, so that a slow registry is a visible
 * wait with a known end rather than a silent spinner. A timer role: screen readers do not
 * announce each tick.
 */
export function ElapsedTime({ startedAt }: { startedAt: number }) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  const seconds = Math.max(0, Math.floor((now - startedAt) / 1000))
  return (
    <p className="test-progress__elapsed" role="timer">
      {seconds} s elapsed; a test gives up after {TEST_LIMIT_SECONDS} s.
    </p>
  )
}
