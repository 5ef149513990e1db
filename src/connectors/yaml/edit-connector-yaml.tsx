import type { FormEvent } from 'react'
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { connectorToYaml } from '../../connector-types/connector-yaml'
import type { YamlProblem } from '../../connector-types/connector-yaml-document'
import { readConnectorYaml } from '../../connector-types/connector-yaml-document'
import type { ConnectorInfo, ConnectorResponse } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import { Button } from '../../ui/button'
import { useLeaveWarning } from '../../ui/navigation'
import { Notice } from '../../ui/notice'
import { useConflictingSave } from '../conflicts/use-conflicting-save'
import { YamlConflictDialog } from '../conflicts/yaml-conflict-dialog'
import { connectorInScope, lockedFieldProblems, problemsOfError } from './connector-yaml-checks'
import { YamlEditorField } from './yaml-editor-field'

type Props = {
  connector: ConnectorInfo
  /** The version that was read: a save from an older one is refused (409), as in the wizard. */
  version: number | undefined
  scope: Scope
  /** The YAML as stored, which the editor starts from. */
  initialText: string
  onCancel: () => void
  onSaved: (saved: ConnectorResponse) => void
  /** Take theirs put the current version in the editor: Details shows that version too. */
  onReloaded: (current: ConnectorResponse) => void
  onDirtyChange: (dirty: boolean) => void
}

const STALE_PROBLEM: YamlProblem = {
  message:
    'Someone saved this connector after you opened it, so yours was not saved. Compare the versions, then keep yours or take theirs.',
}

/**
 * Details' Edit YAML: the stored connector's YAML, editable. The API checks it with the wizard's
 * rules and the wizard's version check; its identifier and type stay as they are, and changing
 * them is refused at their line rather than ignored. A save refused as stale opens the two YAML
 * documents side by side, with Keep mine and Take theirs; the text stays as typed until then.
 */
export function EditConnectorYaml(props: Props) {
  const { connector, scope, onCancel, onSaved, onReloaded, onDirtyChange } = props
  // What the editor was read from (the stored YAML, or the current one Take theirs put here).
  const [base, setBase] = useState({ text: props.initialText, version: props.version })
  const [text, setText] = useState(props.initialText)
  const [problems, setProblems] = useState<YamlProblem[]>([])
  const [status, setStatus] = useState('')
  // The text whose save was refused: the comparison shows it as typed.
  const [refusedText, setRefusedText] = useState('')
  const saving = useConflictingSave(scope)
  // After Take theirs, the editor takes focus once the comparison has closed (and given focus back).
  const focusEditor = useRef(false)
  const textarea = useRef<HTMLTextAreaElement | null>(null)
  const dirty = text !== base.text

  // Focused with the commit, not after it: keys typed right after the click land in the text,
  // however busy the machine (a passive effect may run a frame later).
  useLayoutEffect(() => textarea.current?.focus(), [])
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange])
  useEffect(() => {
    if (!focusEditor.current || saving.comparing) return
    focusEditor.current = false
    textarea.current?.focus()
  }, [saving.comparing])
  useLeaveWarning(
    dirty ? `Your YAML changes to ${connector.name} are not saved. If you leave now, they are lost.` : null,
  )

  async function settle(pending: Promise<ConnectorResponse | undefined>, onError: (error: unknown) => void) {
    try {
      const saved = await pending
      if (!saved) return setProblems([STALE_PROBLEM])
      setProblems([])
      onDirtyChange(false)
      onSaved(saved)
    } catch (error) {
      onError(error)
    }
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault()
    event.stopPropagation()
    if (saving.busy) return
    setStatus('')
    const read = readConnectorYaml(text)
    if (read.problems) return setProblems(read.problems)
    const locked = lockedFieldProblems(read.document, connector)
    const placed = connectorInScope(read.document, scope, 'save')
    if (locked.length || placed.problems) return setProblems([...locked, ...(placed.problems ?? [])])
    setRefusedText(text)
    await settle(saving.saveUpdate(placed.connector, base.version), (error) =>
      setProblems(problemsOfError(error, read.document)),
    )
  }

  function takeTheirs() {
    const current = saving.conflict?.current
    if (!current) return
    const yaml = connectorToYaml(current.connector)
    setBase({ text: yaml, version: current.version })
    setText(yaml)
    setProblems([])
    saving.settle()
    onReloaded(current)
    const by = current.lastModifiedBy ? `, saved by ${current.lastModifiedBy.name}` : ''
    setStatus(`The editor now holds the current version${by}. Nothing was saved, and your changes were dropped.`)
    focusEditor.current = true
  }

  return (
    <form className="yaml-edit" onSubmit={(event) => void onSubmit(event)} noValidate aria-label="Edit YAML">
      <YamlEditorField
        label={`YAML of ${connector.name}`}
        help="The identifier and type cannot change here. Secrets are referred to by identifier, never written out."
        value={text}
        onChange={setText}
        problems={problems}
        textareaRef={textarea}
      />
      {status ? (
        <Notice tone="info" role="status">
          {status}
        </Notice>
      ) : null}
      <div className="dialog__actions">
        {saving.conflict ? <Button onClick={saving.compareAgain}>Compare versions</Button> : null}
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" busy={saving.busy}>
          Save
        </Button>
      </div>
      {saving.comparing && saving.conflict ? (
        <YamlConflictDialog
          conflict={saving.conflict}
          mineText={refusedText}
          busy={saving.busy}
          error={saving.keepMineError}
          onKeepMine={() => void settle(saving.keepMine(), () => undefined)}
          onTakeTheirs={takeTheirs}
          onClose={saving.closeComparison}
        />
      ) : null}
    </form>
  )
}
