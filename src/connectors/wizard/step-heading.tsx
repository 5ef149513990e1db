import { useEffect, useRef } from 'react'

/**
 * A step's heading. It takes focus when the step appears (unless a field already has it),
 * so keyboard and screen-reader users land at the top of the new step.
 */
export function StepHeading({ children, autoFocus = true }: { children: string; autoFocus?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (autoFocus) ref.current?.focus()
  }, [autoFocus])
  return (
    <h2 className="wizard__step-title" tabIndex={-1} ref={ref}>
      {children}
    </h2>
  )
}
