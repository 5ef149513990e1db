import { Suspense, useEffect, useRef, useState } from 'react'
import type { ConnectorInfo, ConnectorResponse } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import { Button } from '../../ui/button'
import { lazyWithPreload } from '../../ui/lazy-with-preload'
import { PermittedButton } from '../../ui/permitted-button'
import { useConnectorPermissions } from '../connector-permissions'

// The editor brings the yaml library's parser: it loads when Edit YAML is pressed.
const editor = lazyWithPreload(() => import('./edit-connector-yaml').then((module) => module.EditConnectorYaml))
const EditConnectorYaml = editor.Component

type Props = {
  connector: ConnectorInfo
  version: number | undefined
  scope: Scope
  onSaved: (saved: ConnectorResponse) => void
  /** Whether Edit YAML holds changes that are not saved (closing Details asks first). */
  onDirtyChange: (dirty: boolean) => void
}

/** Details' YAML: read-only with Copy YAML, or, after Edit YAML, editable with Save and Cancel. */
export function ConnectorYamlSection({ connector, version, scope, onSaved, onDirtyChange }: Props) {
  const [yaml, setYaml] = useState<string | null>(null)
  const [editing, setEditing] = useState(false)
  const [message, setMessage] = useState('')
  const editButton = useRef<HTMLButtonElement | null>(null)
  const returnFocus = useRef(false)
  const permissions = useConnectorPermissions()

  // The yaml library loads on first use, not with the page.
  useEffect(() => {
    let live = true
    void import('../../connector-types/connector-yaml').then(({ connectorToYaml }) => {
      if (live) setYaml(connectorToYaml(connector))
    })
    return () => {
      live = false
    }
  }, [connector])

  useEffect(() => {
    if (editing || !returnFocus.current) return
    returnFocus.current = false
    editButton.current?.focus()
  }, [editing, yaml])

  function leaveEditing(said: string) {
    returnFocus.current = true
    onDirtyChange(false)
    setMessage(said)
    setEditing(false)
  }

  if (yaml === null) return <p role="status">Loading…</p>
  if (editing) {
    return (
      <Suspense fallback={<p role="status">Loading the editor…</p>}>
        <EditConnectorYaml
          connector={connector}
          version={version}
          scope={scope}
          initialText={yaml}
          onCancel={() => leaveEditing('')}
          onSaved={(saved) => {
            leaveEditing(`Saved. ${saved.connector.name} now reads as below.`)
            onSaved(saved)
          }}
          onReloaded={onSaved}
          onDirtyChange={onDirtyChange}
        />
      </Suspense>
    )
  }
  return (
    <>
      <pre className="yaml-view" tabIndex={0} aria-label={`YAML of ${connector.name}`}>
        {yaml}
      </pre>
      <p className="dialog__actions">
        <span role="status" className="muted">
          {message}
        </span>
        <Button
          size="small"
          onClick={() =>
            void navigator.clipboard?.writeText(yaml).then(
              () => setMessage('Copied to the clipboard.'),
              () => setMessage(''),
            )
          }
        >
          Copy YAML
        </Button>
        <PermittedButton
          size="small"
          denied={permissions.edit}
          ref={editButton}
          onMouseEnter={() => void editor.preload()}
          onFocus={() => void editor.preload()}
          onClick={() => {
            setMessage('')
            setEditing(true)
          }}
        >
          Edit YAML
        </PermittedButton>
      </p>
    </>
  )
}
