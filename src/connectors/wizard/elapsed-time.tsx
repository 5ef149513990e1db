import { useEffect, useState } from 'react'

/** The whole test's limit on a delegate (per request, 10 s to connect). */
export const TEST_LIMIT_SECONDS = 30

/**
 * Seconds since the test started, ticking while it runs, so that a slow registry is a visible
 * wait with a known end rather than a silent spinner. A timer role: screen readers do not
 * announce each tick. Past the limit the delegate has given up and its answer is on its way (a
 * delegate reports in batches, the server's sweeper ends a lost one): counting on under "gives up
 * after 30 s" read as a broken promise, so it says what it waits for instead.
 */
export function ElapsedTime({ startedAt }: { startedAt: number }) {
  const [now, setNow] = useState(() => Date.now())
  const seconds = Math.max(0, Math.floor((now - startedAt) / 1000))
  const pastLimit = seconds > TEST_LIMIT_SECONDS
  useEffect(() => {
    if (pastLimit) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [pastLimit])
  return (
    <p className="test-progress__elapsed" role="timer">
      {pastLimit
        ? `The ${TEST_LIMIT_SECONDS} s limit is reached; waiting for the delegate’s final answer.`
        : `${seconds} s elapsed; a test gives up after ${TEST_LIMIT_SECONDS} s.`}
    </p>
  )
}
