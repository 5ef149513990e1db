import { Suspense } from 'react'
import { findConnectorType } from '../../connector-types/registry'
import type { Scope } from '../../lib/scope'
import { lazyWithPreload } from '../../ui/lazy-with-preload'
import type { useCloneConnector } from '../wizard/clone-connector'
import { lazyConnectorWizard } from '../wizard/lazy-connector-wizard'
import type { ConnectorDialogs, DetailsAddress } from './connector-dialog-store'
import { useOpenDialogs } from './connector-dialog-store'
import { DetailsAtAddress } from './details-at-address'

/**
 * The dialogs the Connectors page opens: each its own chunk, loaded when first opened (or
 * fetched while the browser is idle after the list is up), so the first page carries only the
 * list. The catalog and the wizard are preloaded; the YAML dialog brings the yaml library.
 */

const catalog = lazyWithPreload(() => import('../wizard/connector-catalog').then((module) => module.ConnectorCatalog))
const ConnectorCatalog = catalog.Component
const ConnectorWizard = lazyConnectorWizard.Component
const yamlDialog = lazyWithPreload(() =>
  import('../yaml/create-via-yaml-dialog').then((module) => module.CreateViaYamlDialog),
)
const CreateViaYamlDialog = yamlDialog.Component
const detailsDialog = lazyWithPreload(() =>
  import('../details/connector-details-dialog').then((module) => module.ConnectorDetailsDialog),
)
const ConnectorDetailsDialog = detailsDialog.Component
const deleteDialog = lazyWithPreload(() =>
  import('../details/delete-connector-dialog').then((module) => module.DeleteConnectorDialog),
)
const DeleteConnectorDialog = deleteDialog.Component

/** Fetches what opening the catalog, the wizard, Details or Delete needs, so that opening is instant. */
export function preloadConnectorDialogs(): void {
  void catalog.preload()
  void lazyConnectorWizard.preload()
  void detailsDialog.preload()
  void deleteDialog.preload()
}

/** Hovering Create via YAML starts fetching it (and the yaml library). */
export function preloadYamlDialog(): void {
  void yamlDialog.preload()
}

type Props = {
  scope: Scope
  dialogs: ConnectorDialogs
  /** Whether Details is open, and on which connector: the address says (connector-dialog-store.ts). */
  details: DetailsAddress
  cloning: ReturnType<typeof useCloneConnector>
  setAnnouncement: (text: string) => void
}

export function ConnectorPageDialogs({ scope, dialogs, details: detailsAddress, cloning, setAnnouncement }: Props) {
  const { catalog: catalogOpen, wizard, yaml: yamlOpen, details, deleting } = useOpenDialogs(dialogs)
  const closeDetails = () => {
    dialogs.set({ details: null })
    detailsAddress.close()
  }
  return (
    <Suspense
      fallback={
        <p className="muted" role="status">
          Loading…
        </p>
      }
    >
      {catalogOpen ? (
        <ConnectorCatalog
          accountIdentifier={scope.accountIdentifier}
          onClose={() => dialogs.set({ catalog: false })}
          onCreateViaYaml={() => dialogs.set({ catalog: false, yaml: true })}
          onPick={(type) => dialogs.set({ catalog: false, wizard: { type } })}
        />
      ) : null}
      {wizard ? (
        <ConnectorWizard
          key={wizard.connector?.identifier ?? wizard.initial?.identifier ?? wizard.type}
          type={wizard.type}
          scope={scope}
          connector={wizard.connector}
          version={wizard.version}
          initial={wizard.initial}
          onClose={(saved) => {
            dialogs.set({ wizard: null })
            if (saved) {
              const label = findConnectorType(wizard.type)?.label ?? wizard.type
              setAnnouncement(`${label} connector ${saved.identifier} saved.`)
            }
          }}
        />
      ) : null}
      {yamlOpen ? (
        <CreateViaYamlDialog
          scope={scope}
          onClose={() => dialogs.set({ yaml: false })}
          onCreated={(created) => setAnnouncement(`Connector ${created.connector.name} created.`)}
          onEdit={(row) =>
            dialogs.set({
              yaml: false,
              wizard: { type: row.connector.type, connector: row.connector, version: row.version },
            })
          }
        />
      ) : null}

      {detailsAddress.identifier ? (
        <DetailsAtAddress
          key={detailsAddress.identifier}
          scope={scope}
          identifier={detailsAddress.identifier}
          seed={details}
          onClose={closeDetails}
        >
          {(row) => (
            <ConnectorDetailsDialog
              connector={row.connector}
              status={row.status}
              version={row.version}
              changes={row}
              scope={scope}
              onClose={closeDetails}
              onClone={(connector) => {
                closeDetails()
                cloning.clone(connector)
              }}
            />
          )}
        </DetailsAtAddress>
      ) : null}
      {deleting ? (
        <DeleteConnectorDialog
          connector={deleting.connector}
          version={deleting.version}
          scope={scope}
          onDone={(deleted) => {
            if (deleted) setAnnouncement(`Connector ${deleting.connector.name} deleted.`)
            dialogs.set({ deleting: null })
          }}
        />
      ) : null}
    </Suspense>
  )
}
