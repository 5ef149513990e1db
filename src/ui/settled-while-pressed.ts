import { useEffect, useState } from 'react'

/**
 * Whether a pointer (mouse, finger, pen) is pressed anywhere in the page right now, and who wants
 * to hear when it is released.
 */
let pressed = false
const onRelease = new Set<() => void>()

if (typeof window !== 'undefined') {
  window.addEventListener('pointerdown', () => (pressed = true), true)
  const release = () => {
    pressed = false
    for (const listener of [...onRelease]) listener()
  }
  window.addEventListener('pointerup', release, true)
  window.addEventListener('pointercancel', release, true)
}

/**
 * `value`, but a change that arrives while a pointer is pressed waits for the release. A field
 * validated on blur gets its message when the user presses the next control; shown at once, the
 * message would push that control down between press and release, and the click would be lost
 * (a user clicking Anonymous right after an empty URL, say).
 */
export function useSettledWhilePressed<T>(value: T): T {
  const [shown, setShown] = useState(value)
  const [previous, setPrevious] = useState(value)
  // Adjusting state while rendering, as React's docs show for a changed prop: no extra commit.
  if (value !== previous) {
    setPrevious(value)
    if (!pressed) setShown(value)
  }
  useEffect(() => {
    if (shown === value) return undefined
    const apply = () => setShown(value)
    // Released between this render and now: nothing will call back, so apply it next.
    if (!pressed) queueMicrotask(apply)
    else onRelease.add(apply)
    return () => {
      onRelease.delete(apply)
    }
  }, [value, shown])
  return shown
}
