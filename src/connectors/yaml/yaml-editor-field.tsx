import type { ReactNode, RefObject } from 'react'
import { useId } from 'react'
import type { YamlProblem } from '../../connector-types/connector-yaml-document'
import { problemText } from '../../connector-types/connector-yaml-document'
import { Button } from '../../ui/button'

type Props = {
  label: string
  value: string
  onChange: (value: string) => void
  /** What the last check found; each with a line offers to go to it. */
  problems: readonly YamlProblem[]
  help?: ReactNode
  placeholder?: string
  readOnly?: boolean
  /** The text box, for its owner to focus. */
  textareaRef: RefObject<HTMLTextAreaElement | null>
}

/**
 * A labelled YAML text box and the problems of the last check under it, each naming its line and
 * field; "Go to line" puts the caret on that line (a textarea has no line numbers to look for).
 */
export function YamlEditorField({ label, value, onChange, problems, help, placeholder, readOnly, textareaRef }: Props) {
  const id = useId()
  const helpId = `${id}-help`
  const problemsId = `${id}-problems`
  const describedBy = [problems.length ? problemsId : '', help ? helpId : ''].filter(Boolean).join(' ') || undefined
  const lines = value.split('\n').length

  function goToLine(line: number) {
    const textarea = textareaRef.current
    if (!textarea) return
    const starts = [0]
    for (let index = 0; index < textarea.value.length; index++) {
      if (textarea.value[index] === '\n') starts.push(index + 1)
    }
    const start = starts[Math.min(line, starts.length) - 1] ?? 0
    const next = starts[line]
    textarea.focus()
    textarea.setSelectionRange(start, next === undefined ? textarea.value.length : next - 1)
    // Bring the line into view: selecting it does not scroll a textarea in every browser.
    const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20
    textarea.scrollTop = Math.max(0, (line - 3) * lineHeight)
  }

  return (
    <div className={['field', 'yaml-editor', problems.length ? 'field--invalid' : ''].join(' ').trim()}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {help ? (
        <p className="field__help" id={helpId}>
          {help}
        </p>
      ) : null}
      <textarea
        id={id}
        ref={textareaRef}
        className="input input--mono yaml-editor__text"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        rows={Math.min(24, Math.max(12, lines + 1))}
        wrap="off"
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        placeholder={placeholder}
        readOnly={readOnly}
        aria-invalid={problems.length ? true : undefined}
        aria-describedby={describedBy}
      />
      <div id={problemsId} role="alert" className="yaml-problems">
        {problems.length ? (
          <>
            <p className="field__error">
              {problems.length === 1 ? 'One problem' : `${problems.length} problems`}; nothing was saved.
            </p>
            <ul className="yaml-problems__list">
              {problems.map((problem, index) => (
                <li key={`${index}-${problemText(problem)}`}>
                  <span>{problemText(problem)}</span>
                  {problem.line !== undefined ? (
                    <Button variant="link" size="small" onClick={() => goToLine(problem.line!)}>
                      Go to line {problem.line}
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </div>
  )
}
