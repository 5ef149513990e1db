import { describe, expect, it } from 'vitest'
import { createThrottle } from './throttle'

describe('the sign-in throttle', () => {
  function world() {
    const clock = { now: 0 }
    const waits: number[] = []
    const throttle = createThrottle({
      now: () => clock.now,
      sleep: (ms) => {
        waits.push(ms)
        return Promise.resolve()
      },
    })
    return { clock, waits, throttle }
  }

  it('lets 5 failures through, then waits 1 s, 2 s, 4 s… at most 60 s', async () => {
    const { waits, throttle, clock } = world()
    for (let i = 0; i < 12; i++) {
      expect(await throttle.beforeAttempt(['email:a'])).toBeUndefined()
      throttle.failed(['email:a'])
      clock.now += waits.at(-1) ?? 0
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000])
  })

  it('forgets failures after 15 minutes, and an email’s after a success', async () => {
    const { waits, throttle, clock } = world()
    for (let i = 0; i < 5; i++) throttle.failed(['email:a', 'address:x'])
    clock.now += 15 * 60_000
    await throttle.beforeAttempt(['email:a'])
    expect(waits).toEqual([])
    for (let i = 0; i < 5; i++) throttle.failed(['email:a'])
    throttle.succeeded(['email:a'])
    await throttle.beforeAttempt(['email:a'])
    expect(waits).toEqual([])
  })

  it('queues attempts made at once, and refuses (Retry-After) one that would wait over a minute', async () => {
    const { waits, throttle } = world()
    for (let i = 0; i < 5; i++) throttle.failed(['address:x'])
    const answers = []
    for (let i = 0; i < 62; i++) answers.push(await throttle.beforeAttempt(['address:x']))
    expect(waits.slice(0, 3)).toEqual([1000, 2000, 3000])
    expect(waits.at(-1)).toBe(60_000)
    expect(answers.at(-1)).toEqual({ retryAfterSeconds: 61 })
  })
})
