import { Suspense, useState } from 'react'
import type { ConnectorResponse } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { lazyWithPreload } from '../ui/lazy-with-preload'
import { PermittedButton } from '../ui/permitted-button'
import { BulkRetestProgress, preloadRetestPanel } from './bulk/bulk-actions'
import { useBulkRetest } from './bulk/bulk-retest'
import type { ConnectorAt } from './bulk/bulk-targets'
import { scopeOfRow } from './bulk/bulk-targets'
import { ConnectorPermissionsProvider, useConnectorPermissionsAt } from './connector-permissions'

const detailsDialog = lazyWithPreload(() =>
  import('./details/connector-details-dialog').then((module) => module.ConnectorDetailsDialog),
)
const ConnectorDetailsDialog = detailsDialog.Component

type Props = {
  /** The page's scope: the connectors may be of it or of any scope of its account. */
  scope: Scope
  /** The button's words, which say which connectors ("Test connectors using this secret"). */
  label: string
  /** The connectors to re-test, read when the button is pressed (they may change until then). */
  read: (signal?: AbortSignal) => Promise<readonly ConnectorAt[]>
}

/**
 * Re-tests connectors another page names, with the Connectors page's bulk re-test: the same
 * progress, Cancel, failures and their Details, each connector tested at its own scope.
 */
export function RetestConnectors({ scope, label, read }: Props) {
  const retest = useBulkRetest(scope)
  const permissions = useConnectorPermissionsAt(scope)
  const [details, setDetails] = useState<ConnectorResponse | null>(null)
  return (
    <ConnectorPermissionsProvider value={permissions}>
      <div className="retest-connectors">
        <PermittedButton
          denied={permissions.test}
          disabled={retest.active}
          onMouseEnter={preloadRetestPanel}
          onClick={() => void retest.start({ kind: 'named', read })}
        >
          {label}
        </PermittedButton>
        <BulkRetestProgress
          retest={retest}
          onShowDetails={(row) => {
            void detailsDialog.preload()
            setDetails(row)
          }}
        />
      </div>
      {details ? (
        <Suspense fallback={null}>
          <ConnectorDetailsDialog
            connector={details.connector}
            status={details.status}
            version={details.version}
            changes={details}
            scope={scopeOfRow(scope.accountIdentifier, details)}
            onClose={() => setDetails(null)}
          />
        </Suspense>
      ) : null}
    </ConnectorPermissionsProvider>
  )
}
