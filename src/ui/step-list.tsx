import { useEffect, useRef } from 'react'

export type StepListItem = { id: string; title: string }

type Props = {
  steps: readonly StepListItem[]
  currentId: string
  /** Steps the user has completed and may go back to. */
  reachable: ReadonlySet<string>
  onSelect: (id: string) => void
  label: string
}

/** The wizard's step rail: the current step is `aria-current="step"`, completed ones are buttons. */
export function StepList({ steps, currentId, reachable, onSelect, label }: Props) {
  const currentIndex = steps.findIndex((step) => step.id === currentId)
  const listRef = useRef<HTMLOListElement>(null)
  const shownStep = useRef(currentId)
  // On a narrow screen the steps scroll sideways; keep the current one in view. Not when the
  // wizard opens (its step is in view then): scrolling forces a layout before the first paint.
  useEffect(() => {
    if (shownStep.current === currentId) return
    shownStep.current = currentId
    listRef.current?.querySelector('[aria-current="step"]')?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' })
  }, [currentId])
  return (
    <nav aria-label={label} className="step-list">
      <ol ref={listRef}>
        {steps.map((step, index) => {
          const current = step.id === currentId
          const done = index < currentIndex || (reachable.has(step.id) && !current)
          const state = current ? 'current' : done ? 'done' : 'upcoming'
          const content = (
            <>
              <span className="step-list__marker" aria-hidden="true">
                {state === 'done' ? '✓' : index + 1}
              </span>
              <span className="step-list__title">{step.title}</span>
              {state === 'done' ? <span className="visually-hidden"> (completed)</span> : null}
            </>
          )
          return (
            <li key={step.id} className={`step-list__item step-list__item--${state}`}>
              {!current && reachable.has(step.id) ? (
                <button type="button" className="step-list__button" onClick={() => onSelect(step.id)}>
                  {content}
                </button>
              ) : (
                <span className="step-list__button" aria-current={current ? 'step' : undefined}>
                  {content}
                </span>
              )}
            </li>
          )
        })}
      </ol>
    </nav>
  )
}
