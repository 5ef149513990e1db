import type { ReactNode } from 'react'
import { useEffect, useId, useRef } from 'react'
import { Button } from './button'
import { Dialog } from './dialog'
import { Notice } from './notice'
import { formatAbsolute } from './relative-time'
import './conflicts.css'

/** The version stored now, that a save was refused in favour of: what the comparison names. */
export type CurrentVersion = {
  /** The entity's name in that version. */
  name: string
  version: number | undefined
  /** Who saved it; undefined when not known (saved before names were kept, or not kept at all). */
  savedBy: string | undefined
  savedAt: number
}

type Props = {
  /** What changed, in words: "connector", "secret". */
  subject: string
  current: CurrentVersion
  /** Refused again: the current version changed once more while the comparison was open. */
  again: boolean
  /** Where Take theirs puts the current version: "the form", "the editor". */
  into: string
  /** Keep mine is on its way. */
  busy: boolean
  /** Why Keep mine failed, other than another conflict (which shows as `again`). */
  error: Error | null
  onKeepMine: () => void
  onTakeTheirs: () => void
  /** Back to editing, nothing chosen: the user's version stays where it was. */
  onClose: () => void
  size: 'medium' | 'large'
  /** More on what each choice does, where the plain words do not tell it all (a secret's value). */
  keepMineMore?: ReactNode
  takeTheirsMore?: ReactNode
  children: ReactNode
}

/** Whoever saved the current version, in words ("Someone" when that is not known). */
export function savedByName(current: CurrentVersion): string {
  return current.savedBy ?? 'Someone'
}

function versionWords(current: CurrentVersion): string {
  return current.version === undefined ? 'the current version' : `version ${current.version}`
}

/**
 * The frame of a save conflict's comparison: who saved the current version and when, the
 * comparison itself (children), and the two ways forward. Focus goes to the summary, not to an
 * action, so that an Enter pressed out of habit neither overwrites nor discards anyone's work.
 */
export function ConflictChoice({
  subject,
  current,
  again,
  into,
  busy,
  error,
  onKeepMine,
  onTakeTheirs,
  onClose,
  size,
  keepMineMore,
  takeTheirsMore,
  children,
}: Props) {
  const keepId = useId()
  const takeId = useId()
  const summary = useRef<HTMLParagraphElement | null>(null)
  const who = savedByName(current)
  const version = versionWords(current)

  // A second refusal brings a newer current version: say so where focus is (Keep mine was
  // disabled while it ran, which drops the focus).
  useEffect(() => {
    if (again) summary.current?.focus()
  }, [again, current])

  return (
    <Dialog
      open
      onRequestClose={onClose}
      size={size}
      className="conflict-dialog"
      initialFocus="[data-conflict-summary]"
      title={`This ${subject} changed while you were editing it`}
    >
      {again ? (
        <Notice tone="warning" role="alert" title="It changed again while you were choosing">
          {who} saved {version}. The comparison below is with that version.
        </Notice>
      ) : null}
      <p className="conflict-summary" tabIndex={-1} ref={summary} data-conflict-summary="">
        <strong>{who}</strong> saved {version} of {current.name}
        {' on '}
        <time dateTime={new Date(current.savedAt).toISOString()}>{formatAbsolute(current.savedAt)}</time>, after you
        opened it. Your changes are not saved yet, and nothing you typed is lost until you choose.
      </p>
      {children}
      {error ? (
        <Notice tone="danger" role="alert" title="Your version could not be saved">
          <p>{error.message}</p>
          <p>Nothing you typed is lost.</p>
        </Notice>
      ) : null}
      <ul className="conflict-choices">
        <li id={keepId}>
          <strong>Keep mine</strong> saves your version over {version}, replacing {who}’s changes.
          {keepMineMore ? <> {keepMineMore}</> : null}
        </li>
        <li id={takeId}>
          <strong>Take theirs</strong> puts {version} in {into}; your changes are dropped.
          {takeTheirsMore ? <> {takeTheirsMore}</> : null}
        </li>
      </ul>
      <div className="dialog__actions">
        <Button onClick={onClose}>Back to editing</Button>
        <Button onClick={onTakeTheirs} aria-describedby={takeId} disabled={busy}>
          Take theirs
        </Button>
        <Button variant="primary" onClick={onKeepMine} aria-describedby={keepId} busy={busy}>
          Keep mine
        </Button>
      </div>
    </Dialog>
  )
}
