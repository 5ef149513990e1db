import { useQueryClient } from '@tanstack/react-query'
import { useDeferredValue, useEffect, useState } from 'react'
import type { ConnectorResponse } from '../lib/api-types'
import { SCOPE_LEVEL_LABELS, scopeLevel } from '../lib/scope'
import { useCurrentScope } from '../scopes/scope-context'
import { ListPage } from '../ui/list-page'
import { LoadFailedNotice } from '../ui/load-failed-notice'
import { readQueryParams, replaceQueryParams } from '../ui/navigation'
import { Notice } from '../ui/notice'
import { PermittedButton } from '../ui/permitted-button'
import { BulkActions, tableSelection } from './bulk/bulk-actions'
import { useBulkRetest } from './bulk/bulk-retest'
import { selectionKey, useBulkSelection } from './bulk/bulk-selection'
import {
  CONNECTOR_PAGE_SIZE,
  connectorKeys,
  fetchCatalogue,
  useConnectorPage,
  useRetestConnector,
} from './connector-api'
import { ConnectorPermissionsProvider, useConnectorPermissionsAt } from './connector-permissions'
import { createConnectorDialogs, useDetailsAddress } from './list/connector-dialog-store'
import { ConnectorListFilters } from './list/connector-list-filters'
import type { ConnectorListParams, ConnectorListSort } from './list/connector-list-params'
import {
  LIST_QUERY_NAMES,
  isFiltered,
  listQueryValues,
  naturalOrder,
  parseListParams,
} from './list/connector-list-params'
import { ConnectorPageDialogs, preloadConnectorDialogs, preloadYamlDialog } from './list/connector-page-dialogs'
import { ConnectorTable } from './list/connector-table'
import { useCloneConnector } from './wizard/clone-connector'
import { scopeInWords } from './yaml/connector-yaml-checks'

type Props = {
  /** The connector whose Details the address opens (`…/connectors/<identifier>`). */
  detailsIdentifier?: string
}

export function ConnectorsPage({ detailsIdentifier }: Props = {}) {
  const scope = useCurrentScope()
  // Search, filters, order and page come from the address and go back to it (a link, a reload).
  const [initial] = useState(() => parseListParams(readQueryParams()))
  const [search, setSearch] = useState(initial.searchTerm)
  const deferredSearch = useDeferredValue(search)
  const [view, setView] = useState<Omit<ConnectorListParams, 'searchTerm'>>(initial)
  const list: ConnectorListParams = { ...view, searchTerm: deferredSearch }
  const { pageIndex } = view
  const setPageIndex = (next: number) => setView((current) => ({ ...current, pageIndex: next }))
  // Opening a dialog does not re-render the list: only ConnectorPageDialogs reads which are open.
  const [dialogs] = useState(createConnectorDialogs)
  const detailsAddress = useDetailsAddress(scope, detailsIdentifier)
  const openDetails = (row: ConnectorResponse) => {
    dialogs.set({ details: row })
    detailsAddress.open(row.connector.identifier)
  }
  const [announcement, setAnnouncement] = useState('')
  const page = useConnectorPage(scope, list)
  const retest = useRetestConnector(scope)
  const cloning = useCloneConnector(scope, (initial) => dialogs.set({ wizard: { type: initial.type, initial } }))
  const queryClient = useQueryClient()
  const selection = useBulkSelection(selectionKey(scope, list))
  const bulkRetest = useBulkRetest(scope)
  const permissions = useConnectorPermissionsAt(scope)

  // The catalog and wizard are separate chunks; fetch them once the list is up, so opening is instant.
  useEffect(() => {
    // Safari has no requestIdleCallback.
    const idle = (callback: () => void) =>
      typeof window.requestIdleCallback === 'function'
        ? window.requestIdleCallback(callback)
        : window.setTimeout(callback, 200)
    idle(() => {
      preloadConnectorDialogs()
      void queryClient.prefetchQuery({
        queryKey: connectorKeys.catalogue(scope.accountIdentifier),
        queryFn: () => fetchCatalogue(scope.accountIdentifier),
        staleTime: Infinity,
      })
    })
  }, [queryClient, scope.accountIdentifier])

  const addressQuery = listQueryValues(list)
  const addressKey = JSON.stringify(addressQuery)
  useEffect(() => {
    replaceQueryParams(JSON.parse(addressKey) as Record<string, string>)
  }, [addressKey])
  // The list's parameters are the list's: the page that comes next does not get them.
  useEffect(() => () => replaceQueryParams(Object.fromEntries(LIST_QUERY_NAMES.map((name) => [name, undefined]))), [])

  const changeView = (change: Partial<Omit<ConnectorListParams, 'searchTerm'>>) =>
    setView((current) => ({ ...current, ...change, pageIndex: 0 }))
  const sortBy = (sort: ConnectorListSort) =>
    changeView({
      sort,
      order: view.sort === sort ? (view.order === 'asc' ? 'desc' : 'asc') : naturalOrder(sort),
    })

  const rows = page.data?.content ?? []
  const total = page.data?.totalItems ?? 0
  // A search or filter counts its matches up to 1,000: past that the total is "1,000+".
  const moreThanTotal = page.data?.totalIsLowerBound === true
  const first = rows.length ? pageIndex * CONNECTOR_PAGE_SIZE + 1 : 0
  const last = first ? first + rows.length - 1 : 0
  const totalText = moreThanTotal
    ? `${last > total ? 'more than ' : ''}${total.toLocaleString('en-US')}${last > total ? '' : '+'}`
    : total.toLocaleString('en-US')
  const searching = deferredSearch.trim() !== ''
  const filtered = isFiltered(list)
  const hasNextPage = moreThanTotal ? rows.length === CONNECTOR_PAGE_SIZE : last < total

  // A page past the end (an old link, the last connector of a page deleted): show the last one
  // (or, past an uncounted end, the first).
  const lastPageIndex = moreThanTotal ? pageIndex : Math.max(0, Math.ceil(total / CONNECTOR_PAGE_SIZE) - 1)
  const emptyPastTheEnd = moreThanTotal && rows.length === 0 && pageIndex > 0
  const pastTheEnd =
    page.data !== undefined && !page.isPlaceholderData && (pageIndex > lastPageIndex || emptyPastTheEnd)
  if (pastTheEnd) setView({ ...view, pageIndex: emptyPastTheEnd ? 0 : lastPageIndex })

  return (
    <ConnectorPermissionsProvider value={permissions}>
      <section className="page" aria-labelledby="connectors-heading">
        <div className="page__header">
          <div>
            <h1 id="connectors-heading" tabIndex={-1}>
              Connectors
            </h1>
            <p className="muted page__subtitle">{describeScope(scope)}</p>
          </div>
          <div className="page__header-actions">
            <PermittedButton
              variant="primary"
              denied={permissions.create}
              onClick={() => dialogs.set({ catalog: true })}
            >
              <span aria-hidden="true">+ </span>New Connector
            </PermittedButton>
            <PermittedButton
              denied={permissions.create}
              onClick={() => dialogs.set({ yaml: true })}
              onMouseEnter={preloadYamlDialog}
            >
              Create via YAML
            </PermittedButton>
          </div>
        </div>

        <ListPage
          search={{
            label: 'Search connectors',
            placeholder: 'Search by name, identifier, URL or tag',
            value: search,
            onChange: (value) => {
              setSearch(value)
              setPageIndex(0)
            },
          }}
          count={
            page.data && total && first
              ? `${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} of ${totalText} connectors`
              : ''
          }
          filters={
            <>
              <ConnectorListFilters
                value={view}
                onChange={changeView}
                filtered={filtered}
                onClear={() => changeView({ type: '', status: '', tag: '' })}
              />
              {page.isPending ? null : (
                <BulkActions
                  scope={scope}
                  list={list}
                  rows={rows}
                  total={total}
                  moreThanTotal={moreThanTotal}
                  selection={selection}
                  retest={bulkRetest}
                  onShowDetails={openDetails}
                />
              )}
            </>
          }
          notices={
            <>
              <p className="visually-hidden" role="status" aria-live="polite">
                {announcement}
              </p>
              {page.isError ? (
                <LoadFailedNotice
                  title="The connectors could not be loaded"
                  error={page.error}
                  onRetry={() => void page.refetch()}
                />
              ) : null}
              {permissions.create && permissions.delete && permissions.test ? (
                <Notice tone="info">
                  You can view the connectors here. Your role does not let you create, edit, test or delete them; the
                  controls for those say which permission is missing.
                </Notice>
              ) : null}
              {retest.isError ? (
                <Notice tone="danger" role="alert">
                  The test could not run: {retest.error.message}
                </Notice>
              ) : null}
            </>
          }
          pending={page.isPending}
          loadingText="Loading connectors…"
          hasRows={rows.length > 0}
          table={
            <ConnectorTable
              rows={rows}
              testingIdentifier={retest.isPending ? (retest.variables ?? null) : null}
              onTest={(connector) => retest.mutate(connector.identifier)}
              onEdit={(row) =>
                dialogs.set({ wizard: { type: row.connector.type, connector: row.connector, version: row.version } })
              }
              onDelete={(row) => dialogs.set({ deleting: row })}
              onShowDetails={openDetails}
              onClone={(row) => cloning.clone(row.connector)}
              selection={tableSelection(selection, rows)}
              testingIdentifiers={bulkRetest.run?.testing}
              sort={view.sort}
              order={view.order}
              onSort={sortBy}
            />
          }
          loaded={page.data !== undefined}
          empty={
            filtered ? (
              <p>No connector matches these filters{searching ? ` and “${deferredSearch.trim()}”` : ''}.</p>
            ) : searching ? (
              <p>No connector matches “{deferredSearch}”.</p>
            ) : (
              <>
                <p>There are no connectors here yet.</p>
                <PermittedButton
                  variant="primary"
                  denied={permissions.create}
                  onClick={() => dialogs.set({ catalog: true })}
                >
                  Create a Connector
                </PermittedButton>
              </>
            )
          }
          paging={
            total > CONNECTOR_PAGE_SIZE
              ? {
                  label: 'Connector pages',
                  pageIndex,
                  pageCount: moreThanTotal ? undefined : Math.ceil(total / CONNECTOR_PAGE_SIZE),
                  hasNextPage,
                  onPage: setPageIndex,
                }
              : undefined
          }
        />

        <ConnectorPageDialogs
          scope={scope}
          dialogs={dialogs}
          details={detailsAddress}
          cloning={cloning}
          setAnnouncement={setAnnouncement}
        />
      </section>
    </ConnectorPermissionsProvider>
  )
}

function describeScope(scope: ReturnType<typeof useCurrentScope>): string {
  const level = SCOPE_LEVEL_LABELS[scopeLevel(scope)].toLowerCase()
  return `Connectors of ${scopeInWords(scope)}. New connectors are created at the ${level} level.`
}
