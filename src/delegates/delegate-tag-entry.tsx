import { useId, useState } from 'react'
import { delegateTagProblem, MAX_DELEGATE_TAG_LENGTH, tooManySelectors } from '../connector-types/delegate-tag-rule'
import { TagInput } from '../ui/tag-input'

type Props = { selectors: string[]; onChange: (selectors: string[]) => void }

/**
 * The chosen tags as chips, and a field to type one no delegate has yet (a delegate started
 * later with it will take the tests). What the API would refuse is refused here, in its words,
 * and what was typed stays in the field to be corrected.
 */
export function DelegateTagEntry({ selectors, onChange }: Props) {
  const [problem, setProblem] = useState<string>()
  const id = useId()

  function check(draft: string): string | undefined {
    const tag = draft.trim()
    const duplicate = selectors.find((selector) => selector.toLowerCase() === tag.toLowerCase())
    return (
      delegateTagProblem(draft) ??
      (duplicate ? `${duplicate} is already chosen (tags are compared without regard to case).` : undefined) ??
      tooManySelectors(selectors.length + 1)
    )
  }

  return (
    <div className="delegate-tag-entry">
      <TagInput
        id={`${id}-tag`}
        value={selectors}
        onChange={onChange}
        chipsLabel="Delegate tags chosen"
        removeLabel={(tag) => `Remove ${tag}`}
        label={
          <label className="field__label" htmlFor={`${id}-tag`}>
            Add a delegate tag
          </label>
        }
        check={check}
        onProblem={setProblem}
        addLabel="Add"
        maxLength={MAX_DELEGATE_TAG_LENGTH * 4}
        invalid={Boolean(problem)}
        describedBy={problem ? `${id}-problem` : `${id}-hint`}
      />
      {problem ? (
        <p id={`${id}-problem`} className="field__error" role="alert">
          {problem}
        </p>
      ) : (
        <p id={`${id}-hint`} className="field__help">
          Any tag, including one no delegate has yet; Enter adds it.
        </p>
      )}
    </div>
  )
}
