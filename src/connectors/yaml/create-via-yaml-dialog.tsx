import type { ChangeEvent, FormEvent } from 'react'
import { useId, useRef, useState } from 'react'
import { displayUrl } from '../../connector-types/connector-model'
import type { YamlProblem } from '../../connector-types/connector-yaml-document'
import { readConnectorYaml } from '../../connector-types/connector-yaml-document'
import { CONNECTOR_TYPES, getConnectorType } from '../../connector-types/registry'
import type { ConnectorResponse } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import { Button } from '../../ui/button'
import { Dialog } from '../../ui/dialog'
import { useLeaveWarning } from '../../ui/navigation'
import { Notice } from '../../ui/notice'
import { useSaveConnector } from '../connector-api'
import { TestConnectionStep } from '../wizard/test-connection-step'
import { connectorInScope, scopeInWords, problemsOfError } from './connector-yaml-checks'
import { YamlEditorField } from './yaml-editor-field'

type Props = {
  scope: Scope
  onClose: () => void
  /** A connector was created (the list announces it). */
  onCreated: (created: ConnectorResponse) => void
  /** Edit Credentials after a failed test: the wizard, on the created connector. */
  onEdit: (created: ConnectorResponse) => void
}

/** As much as the API takes in one body. */
const MAX_FILE_BYTES = 1024 * 1024

const PLACEHOLDER = `connector:
  name: My registry
  identifier: my_registry
  type: DockerRegistry
  spec:
    …`

/**
 * Creates a connector from Harness YAML, pasted or uploaded. The API checks it with the wizard's
 * own rules; each problem is shown on its line, and the text is never lost. Once created, the
 * connector can be tested here, as the wizard's last step does.
 */
export function CreateViaYamlDialog({ scope, onClose, onCreated, onEdit }: Props) {
  const [text, setText] = useState('')
  const [problems, setProblems] = useState<YamlProblem[]>([])
  const [loaded, setLoaded] = useState('')
  const [created, setCreated] = useState<ConnectorResponse | null>(null)
  const [testing, setTesting] = useState(false)
  const save = useSaveConnector(scope)
  const fileId = useId()
  const textarea = useRef<HTMLTextAreaElement | null>(null)
  useLeaveWarning(
    text.trim() && !created ? 'The connector YAML you typed is not saved. If you leave now, it is lost.' : null,
  )

  async function onSubmit(event: FormEvent) {
    event.preventDefault()
    // The dialog may sit in a portal inside another form: keep its submit here.
    event.stopPropagation()
    if (save.isPending) return
    const read = readConnectorYaml(text)
    if (read.problems) return setProblems(read.problems)
    const placed = connectorInScope(read.document, scope, 'create')
    if (placed.problems) return setProblems(placed.problems)
    try {
      const saved = await save.mutateAsync({ connector: placed.connector, isNew: true })
      setProblems([])
      setCreated(saved)
      onCreated(saved)
    } catch (error) {
      setProblems(problemsOfError(error, read.document))
    }
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0]
    // The same file chosen again is a change too.
    event.target.value = ''
    if (!file) return
    if (file.size > MAX_FILE_BYTES) {
      setProblems([{ message: `${file.name} is larger than 1 MiB: a connector's YAML is a few hundred bytes.` }])
      return
    }
    setText(await file.text())
    setProblems([])
    setLoaded(`Loaded ${file.name}: check it below, then Create.`)
    textarea.current?.focus()
  }

  if (created) {
    const definition = getConnectorType(created.connector.type)
    return (
      <Dialog open onRequestClose={onClose} title="Create via YAML" size="large" className="yaml-dialog">
        <Notice tone="success" role="status" title="Connector created">
          {definition.label} connector {created.connector.name} ({created.connector.identifier}) is saved in{' '}
          {scopeInWords(scope)}.
        </Notice>
        {testing ? (
          <TestConnectionStep
            definition={definition}
            scope={scope}
            identifier={created.connector.identifier}
            displayUrl={displayUrl(created.connector)}
            onEditCredentials={() => onEdit(created)}
            onFinish={onClose}
          />
        ) : (
          <div className="dialog__actions">
            <Button onClick={onClose}>Close</Button>
            <Button variant="primary" onClick={() => setTesting(true)}>
              Test connection
            </Button>
          </div>
        )}
      </Dialog>
    )
  }

  return (
    <Dialog
      open
      onRequestClose={onClose}
      title="Create via YAML"
      size="large"
      className="yaml-dialog"
      initialFocus="textarea"
    >
      <form className="yaml-dialog__form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <p className="muted">
          The connector is created in {scopeInWords(scope)}. Its type is one of{' '}
          {CONNECTOR_TYPES.map((definition) => definition.type).join(', ')}.
        </p>
        <div className="yaml-dialog__file">
          <label htmlFor={fileId} className="field__label">
            Upload a YAML file
          </label>
          <input
            id={fileId}
            type="file"
            accept=".yaml,.yml,application/yaml,application/x-yaml,text/yaml,text/plain"
            onChange={(event) => void onFile(event)}
          />
          <span role="status" className="muted">
            {loaded}
          </span>
        </div>
        <YamlEditorField
          label="Connector YAML"
          help="Paste Harness connector YAML (as Details shows it), or upload a file above."
          value={text}
          onChange={setText}
          problems={problems}
          placeholder={PLACEHOLDER}
          textareaRef={textarea}
        />
        <div className="dialog__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            Create
          </Button>
        </div>
      </form>
    </Dialog>
  )
}
