import type { ReactNode } from 'react'
import { useEffect, useId, useRef } from 'react'
import { Button } from '../../ui/button'
import { Dialog } from '../../ui/dialog'
import { Notice } from '../../ui/notice'
import { formatAbsolute } from '../../ui/relative-time'
import type { SaveConflict } from './use-conflicting-save'
import './conflicts.css'

type Props = {
  conflict: SaveConflict
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
  children: ReactNode
}

/** Whoever saved the current version, in words ("Someone" for a connector saved before names were kept). */
export function savedByName(conflict: SaveConflict): string {
  return conflict.current.lastModifiedBy?.name ?? 'Someone'
}

function versionWords(conflict: SaveConflict): string {
  return conflict.current.version === undefined ? 'the current version' : `version ${conflict.current.version}`
}

/**
 * The frame of a save conflict's comparison: who saved the current version and when, the
 * comparison itself (children), and the two ways forward. Focus goes to the summary, not to an
 * action, so that an Enter pressed out of habit neither overwrites nor discards anyone's work.
 */
export function ConflictChoice({
  conflict,
  into,
  busy,
  error,
  onKeepMine,
  onTakeTheirs,
  onClose,
  size,
  children,
}: Props) {
  const keepId = useId()
  const takeId = useId()
  const summary = useRef<HTMLParagraphElement | null>(null)
  const who = savedByName(conflict)
  const version = versionWords(conflict)

  // A second refusal brings a newer current version: say so where focus is (Keep mine was
  // disabled while it ran, which drops the focus).
  useEffect(() => {
    if (conflict.again) summary.current?.focus()
  }, [conflict])

  return (
    <Dialog
      open
      onRequestClose={onClose}
      size={size}
      className="conflict-dialog"
      initialFocus="[data-conflict-summary]"
      title="This connector changed while you were editing it"
    >
      {conflict.again ? (
        <Notice tone="warning" role="alert" title="It changed again while you were choosing">
          {who} saved {version}. The comparison below is with that version.
        </Notice>
      ) : null}
      <p className="conflict-summary" tabIndex={-1} ref={summary} data-conflict-summary="">
        <strong>{who}</strong> saved {version} of {conflict.current.connector.name}
        {' on '}
        <time dateTime={new Date(conflict.current.lastModifiedAt).toISOString()}>
          {formatAbsolute(conflict.current.lastModifiedAt)}
        </time>
        , after you opened it. Your changes are not saved yet, and nothing you typed is lost until you choose.
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
        </li>
        <li id={takeId}>
          <strong>Take theirs</strong> puts {version} in {into}; your changes are dropped.
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
