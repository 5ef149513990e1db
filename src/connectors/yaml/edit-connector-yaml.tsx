import type { FormEvent } from 'react'
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { YamlProblem } from '../../connector-types/connector-yaml-document'
import { readConnectorYaml } from '../../connector-types/connector-yaml-document'
import type { ConnectorInfo, ConnectorResponse } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import { Button } from '../../ui/button'
import { useLeaveWarning } from '../../ui/navigation'
import { useSaveConnector } from '../connector-api'
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
  onDirtyChange: (dirty: boolean) => void
}

/**
 * Details' Edit YAML: the stored connector's YAML, editable. The API checks it with the wizard's
 * rules and the wizard's version check; its identifier and type stay as they are, and changing
 * them is refused at their line rather than ignored.
 */
export function EditConnectorYaml({ connector, version, scope, initialText, onCancel, onSaved, onDirtyChange }: Props) {
  const [text, setText] = useState(initialText)
  const [problems, setProblems] = useState<YamlProblem[]>([])
  const save = useSaveConnector(scope)
  const textarea = useRef<HTMLTextAreaElement | null>(null)
  const dirty = text !== initialText

  // Focused with the commit, not after it: keys typed right after the click land in the text,
  // however busy the machine (a passive effect may run a frame later).
  useLayoutEffect(() => textarea.current?.focus(), [])
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange])
  useLeaveWarning(
    dirty ? `Your YAML changes to ${connector.name} are not saved. If you leave now, they are lost.` : null,
  )

  async function onSubmit(event: FormEvent) {
    event.preventDefault()
    event.stopPropagation()
    if (save.isPending) return
    const read = readConnectorYaml(text)
    if (read.problems) return setProblems(read.problems)
    const locked = lockedFieldProblems(read.document, connector)
    const placed = connectorInScope(read.document, scope, 'save')
    if (locked.length || placed.problems) return setProblems([...locked, ...(placed.problems ?? [])])
    try {
      const saved = await save.mutateAsync({ connector: placed.connector, isNew: false, version })
      setProblems([])
      onDirtyChange(false)
      onSaved(saved)
    } catch (error) {
      setProblems(problemsOfError(error, read.document))
    }
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
      <div className="dialog__actions">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" busy={save.isPending}>
          Save
        </Button>
      </div>
    </form>
  )
}
