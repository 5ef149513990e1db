import type { ReactNode } from 'react'
import { useState } from 'react'
import { authMethodOf } from '../../connector-types/auth-methods'
import { displayUrl } from '../../connector-types/connector-model'
import { getConnectorType } from '../../connector-types/registry'
import type { ChangedByDTO, ConnectorConnectivityDetails, ConnectorInfo, TestHistoryEntry } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import { SCOPE_LEVEL_LABELS, scopeLevel } from '../../lib/scope'
import { Button } from '../../ui/button'
import { ConfirmDialog } from '../../ui/confirm-dialog'
import { Dialog } from '../../ui/dialog'
import { PermittedButton } from '../../ui/permitted-button'
import { formatAbsolute } from '../../ui/relative-time'
import { UrlText } from '../../ui/url-text'
import { ConnectivityBadge, failureReasons } from '../connection-test/connectivity-badge'
import { StageLogStages } from '../connection-test/stage-log'
import { useConnectorTestHistory, useConnectorUsage } from '../connector-api'
import { useConnectorPermissions } from '../connector-permissions'
import { formatDuration } from '../wizard/test-progress'
import { ConnectorYamlSection } from '../yaml/connector-yaml-section'
import { SecretReferenceDetail } from './secret-reference-detail'

type Props = {
  connector: ConnectorInfo
  status: ConnectorConnectivityDetails
  /** The version read with it: Edit YAML saves from it, as the wizard does. */
  version?: number
  scope: Scope
  onClose: () => void
  /** Clone: the wizard, on a new connector made from this one. */
  onClone?: (connector: ConnectorInfo) => void
  /** When and by whom it was made and last changed, as the list read it. */
  changes?: {
    createdAt: number
    lastModifiedAt: number
    createdBy?: ChangedByDTO | undefined
    lastModifiedBy?: ChangedByDTO | undefined
  }
}

/**
 * What a connector is, whether it connects (and how its last tests went), where it is used, and
 * its Harness YAML. Every row comes from the registry; secrets appear only as references (with
 * where each one's value lives), and masked in the stage logs.
 */
export function ConnectorDetailsDialog({ onClose, onClone, changes, ...read }: Props) {
  const permissions = useConnectorPermissions()
  // Edit YAML saves a new version: from then on, Details shows (and edits) that one.
  const [{ connector, status, version }, setCurrent] = useState(read)
  const { scope } = read
  const [yamlDirty, setYamlDirty] = useState(false)
  // Leaving (Close, or Clone, which closes Details) with unsaved YAML changes asks first.
  const [leaving, setLeaving] = useState<(() => void) | null>(null)
  const leave = (then: () => void) => (yamlDirty ? setLeaving(() => then) : then())
  const requestClose = () => leave(onClose)
  const definition = getConnectorType(connector.type)
  const usage = useConnectorUsage(scope, connector.identifier)
  const authMethod = authMethodOf(connector.spec.auth)
  const auth = typeof connector.spec.auth === 'object' && connector.spec.auth !== null ? connector.spec.auth : {}
  const selectors = Array.isArray(connector.spec.delegateSelectors) ? connector.spec.delegateSelectors.join(', ') : ''
  const url = displayUrl(connector)
  const rows: [string, ReactNode][] = [
    ['Type', definition.label],
    ['Identifier', connector.identifier],
    ['Scope', SCOPE_LEVEL_LABELS[scopeLevel(scope)]],
    [definition.url.label, url ? <UrlText url={url} /> : ''],
    ...definition.fields.map((field): [string, string] => [
      field.label,
      typeof connector.spec[field.key] === 'string' ? String(connector.spec[field.key]) : '',
    ]),
    ['Authentication', authMethod.label],
    ...authMethod
      .describe(auth as Record<string, unknown>)
      .map((row): [string, ReactNode] => [
        row.label,
        'text' in row ? row.text : <SecretReferenceDetail reference={row.secretReference} scope={scope} />,
      ]),
    ['Delegates', selectors ? `Only delegates with: ${selectors}` : 'Any available delegate'],
  ]
  const users = usage.data?.content ?? []

  return (
    <Dialog open onRequestClose={requestClose} title={connector.name} size="medium">
      {connector.description ? <p>{connector.description}</p> : null}
      <dl className="details-list">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value || '—'}</dd>
          </div>
        ))}
        <div>
          <dt>Connectivity</dt>
          <dd>
            <ConnectivityBadge status={status} testing={false} detail="full" />
            {status.lastConnectedAt ? (
              <span className="muted">
                {' '}
                Last connected {formatAbsolute(status.lastConnectedAt)}
                {status.sample ? ' (sample data: no connection was made)' : ''}
              </span>
            ) : null}
          </dd>
        </div>
        {changes ? (
          <>
            <div>
              <dt>Created</dt>
              <dd>
                {formatAbsolute(changes.createdAt)}
                {changes.createdBy ? ` by ${changes.createdBy.name}` : ''}
              </dd>
            </div>
            <div>
              <dt>Last updated</dt>
              <dd>
                {formatAbsolute(changes.lastModifiedAt)}
                {changes.lastModifiedBy ? ` by ${changes.lastModifiedBy.name}` : ''}
              </dd>
            </div>
          </>
        ) : null}
      </dl>
      <TestHistorySection scope={scope} identifier={connector.identifier} />
      <h3 className="section-title">Used by</h3>
      {usage.isPending ? <p className="muted">Checking…</p> : null}
      {usage.isError ? <p className="field__error">{usage.error.message}</p> : null}
      {usage.data ? (
        users.length ? (
          <ul className="plain-list">
            {users.map((entry) => (
              <li
                key={`${entry.referredByEntity.entityRef.projectIdentifier}/${entry.referredByEntity.entityRef.identifier}`}
              >
                Pipeline {entry.referredByEntity.name}
                {entry.referredByEntity.entityRef.projectIdentifier
                  ? ` (project ${entry.referredByEntity.entityRef.projectIdentifier})`
                  : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No pipeline uses this connector.</p>
        )
      ) : null}
      <h3 className="section-title">YAML</h3>
      <ConnectorYamlSection
        connector={connector}
        version={version}
        scope={scope}
        onSaved={(saved) =>
          setCurrent({ scope, connector: saved.connector, status: saved.status, version: saved.version })
        }
        onDirtyChange={setYamlDirty}
      />
      <div className="dialog__actions">
        {onClone ? (
          <PermittedButton denied={permissions.create} onClick={() => leave(() => onClone(connector))}>
            Clone
          </PermittedButton>
        ) : null}
        <Button variant="primary" onClick={requestClose}>
          Close
        </Button>
      </div>
      <ConfirmDialog
        open={leaving !== null}
        title="Discard your YAML changes?"
        message={`Your changes to the YAML of ${connector.name} are not saved.`}
        confirmLabel="Discard changes"
        cancelLabel="Keep editing"
        tone="danger"
        onCancel={() => setLeaving(null)}
        onConfirm={() => {
          setLeaving(null)
          leaving?.()
        }}
      />
    </Dialog>
  )
}

/** The connector's last tests, newest first; each opens on its stage log. */
function TestHistorySection({ scope, identifier }: { scope: Scope; identifier: string }) {
  const history = useConnectorTestHistory(scope, identifier)
  const entries = history.data?.content ?? []
  return (
    <section aria-labelledby="test-history-title">
      <h3 className="section-title" id="test-history-title">
        Test history
      </h3>
      {history.isPending ? <p className="muted">Loading…</p> : null}
      {history.isError ? <p className="field__error">{history.error.message}</p> : null}
      {history.data ? (
        entries.length ? (
          <ol className="plain-list" aria-labelledby="test-history-title">
            {entries.map((entry, index) => (
              <li key={`${entry.testedAt}-${index}`}>
                <TestHistoryItem entry={entry} />
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">Not tested yet.</p>
        )
      ) : null}
    </section>
  )
}

function TestHistoryItem({ entry }: { entry: TestHistoryEntry }) {
  const [reasonText] = failureReasons(entry)
  return (
    <details className="stage-log">
      <summary>
        {entry.status === 'SUCCESS' ? 'Connection successful' : 'Connection failed'}
        {' · '}
        <time dateTime={new Date(entry.testedAt).toISOString()}>{formatAbsolute(entry.testedAt)}</time>
        {entry.startedBy ? ` · started by ${entry.startedBy.name}` : null}
        {' · '}
        {entry.delegateName ? `on ${entry.delegateName}` : 'no delegate'}
        {' · '}
        {formatDuration(entry.durationMs)}
        {entry.status === 'FAILURE' && reasonText ? ` · ${reasonText}` : null}
      </summary>
      {entry.stages.length ? <StageLogStages stages={entry.stages} /> : <p className="muted">No stage log.</p>}
    </details>
  )
}
