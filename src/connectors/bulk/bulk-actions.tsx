import { Suspense, useEffect, useRef, useState } from 'react'
import type { ConnectorResponse } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import { Button } from '../../ui/button'
import { lazyWithPreload } from '../../ui/lazy-with-preload'
import { Notice } from '../../ui/notice'
import { PermittedButton } from '../../ui/permitted-button'
import { useConnectorPermissions } from '../connector-permissions'
import type { ConnectorListParams } from '../list/connector-list-params'
import type { BulkRetest } from './bulk-retest'
import { retestAnnouncement } from './bulk-retest'
import type { BulkSelection } from './bulk-selection'
import type { TableSelection } from './selection-checkboxes'

// What only a bulk action needs loads when one is asked for, not with the list: the import
// dialog (and the yaml library), the re-test's progress, the export.
const importDialog = lazyWithPreload(() =>
  import('../yaml/import-connectors-dialog').then((module) => module.ImportConnectorsDialog),
)
const ImportConnectorsDialog = importDialog.Component
const retestPanel = lazyWithPreload(() => import('./bulk-retest-panel').then((module) => module.BulkRetestPanel))
const BulkRetestPanel = retestPanel.Component

type Props = {
  scope: Scope
  /** The list's filter: "all that match" and an export without a selection use it. */
  list: ConnectorListParams
  rows: readonly ConnectorResponse[]
  total: number
  /** The list counted its matches up to `total` and there are more ("1,000+"). */
  moreThanTotal?: boolean
  selection: BulkSelection
  retest: BulkRetest
  onShowDetails: (row: ConnectorResponse) => void
}

/** The table's view of the selection, for its checkboxes. */
export function tableSelection(selection: BulkSelection, rows: readonly ConnectorResponse[]): TableSelection {
  return {
    isSelected: selection.isSelected,
    onToggle: selection.toggle,
    page: selection.pageSelection(rows),
    onTogglePage: (selected) => selection.setPage(rows, selected),
  }
}

type Message = { tone: 'success' | 'danger'; text: string }

/** Fetches the re-test's progress panel (hovering a button that starts one). */
export function preloadRetestPanel(): void {
  void retestPanel.preload()
}

/**
 * A bulk re-test's progress, Cancel and failures (its chunk loaded with the first run), and what a
 * screen reader hears of it: the Connectors page's, and any page that re-tests connectors.
 */
export function BulkRetestProgress({
  retest,
  onShowDetails,
}: {
  retest: BulkRetest
  onShowDetails: (row: ConnectorResponse) => void
}) {
  return (
    <>
      {/* There before a run starts, so that its first words are read out. */}
      <p className="visually-hidden" role="status" aria-live="polite">
        {retest.run ? retestAnnouncement(retest.run) : ''}
      </p>
      {retest.run ? (
        <Suspense fallback={null}>
          <BulkRetestPanel retest={{ ...retest, run: retest.run }} onShowDetails={onShowDetails} />
        </Suspense>
      ) : null}
    </>
  )
}

/**
 * Above the list: what is selected, "Select all N that match the filter", Test selected,
 * Export YAML and Import YAML, and the progress of a bulk re-test.
 */
export function BulkActions({ scope, list, rows, total, moreThanTotal, selection, retest, onShowDetails }: Props) {
  const permissions = useConnectorPermissions()
  const count = selection.count(total)
  const countText = selection.allMatching && moreThanTotal ? `${count.toLocaleString('en-US')}+` : String(count)
  const totalText = moreThanTotal ? `${total.toLocaleString('en-US')}+` : String(total)
  const [importOpen, setImportOpen] = useState(false)
  const [exporting, setExporting] = useState(false)
  const [message, setMessage] = useState<Message | null>(null)
  const bar = useRef<HTMLDivElement | null>(null)
  const clearButton = useRef<HTMLButtonElement | null>(null)
  const focusClear = useRef(false)
  // "Select all N…" goes once pressed: focus moves to what replaces it.
  useEffect(() => {
    if (focusClear.current) clearButton.current?.focus()
    focusClear.current = false
  })

  const exportYaml = async () => {
    setExporting(true)
    setMessage(null)
    try {
      const target = selection.target(list, total) ?? { kind: 'matching', list, excluded: new Set<string>() }
      const { exportConnectors } = await import('../yaml/export-connectors')
      const { count: exported, fileName, missing } = await exportConnectors(scope, target)
      const gone = missing.length ? ` ${missing.join(', ')} no longer exist${missing.length === 1 ? 's' : ''}.` : ''
      setMessage(
        exported
          ? {
              tone: 'success',
              text: `Exported ${exported} connector${exported === 1 ? '' : 's'} to ${fileName}.${gone}`,
            }
          : { tone: 'danger', text: `There is no connector to export.${gone}` },
      )
    } catch (error) {
      setMessage({
        tone: 'danger',
        text: `The export failed: ${error instanceof Error ? error.message : String(error)}`,
      })
    } finally {
      setExporting(false)
    }
  }

  const everyMatchingShown = total <= rows.length
  const target = selection.target(list, total)
  return (
    <>
      <div className="bulk-bar" role="group" aria-label="Bulk actions" ref={bar} tabIndex={-1}>
        {count ? (
          <span className="bulk-bar__count">
            {selection.allMatching ? `All ${countText} that match the filter are selected` : `${count} selected`}
          </span>
        ) : null}
        {selection.pageSelection(rows) === 'all' && !selection.allMatching && !everyMatchingShown ? (
          <Button
            size="small"
            variant="link"
            onClick={() => {
              focusClear.current = true
              selection.selectAllMatching()
            }}
          >
            Select all {totalText} that match the filter
          </Button>
        ) : null}
        {count ? (
          <Button
            size="small"
            variant="link"
            ref={clearButton}
            onClick={() => {
              selection.clear()
              bar.current?.focus()
            }}
          >
            Clear selection
          </Button>
        ) : null}
        <span className="bulk-bar__actions">
          {count ? (
            <PermittedButton
              size="small"
              denied={permissions.test}
              disabled={retest.active || !target}
              onMouseEnter={preloadRetestPanel}
              onClick={() => target && void retest.start(target)}
            >
              Test selected
            </PermittedButton>
          ) : null}
          <Button size="small" busy={exporting} onClick={() => void exportYaml()}>
            Export YAML
          </Button>
          <PermittedButton
            size="small"
            denied={permissions.create}
            onClick={() => setImportOpen(true)}
            onMouseEnter={() => void importDialog.preload()}
          >
            Import YAML
          </PermittedButton>
        </span>
      </div>
      <p className="bulk-bar__status" role="status" aria-live="polite">
        {selection.notice}
      </p>
      <div role="status">{message?.tone === 'success' ? <Notice tone="success">{message.text}</Notice> : null}</div>
      <div role="alert">{message?.tone === 'danger' ? <Notice tone="danger">{message.text}</Notice> : null}</div>
      <BulkRetestProgress retest={retest} onShowDetails={onShowDetails} />
      {importOpen ? (
        <Suspense fallback={null}>
          <ImportConnectorsDialog
            scope={scope}
            onClose={(summary) => {
              setImportOpen(false)
              if (summary) setMessage({ tone: 'success', text: summary })
            }}
          />
        </Suspense>
      ) : null}
    </>
  )
}
