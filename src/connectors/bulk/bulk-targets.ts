import { ApiError, apiRequest } from '../../lib/api-client'
import type { ConnectorResponse } from '../../lib/api-types'
import { connectorResponseSchema } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import { fetchConnectorPage } from '../connector-api'
import type { ConnectorListParams } from '../list/connector-list-params'

/**
 * What a bulk action works on: the rows the user ticked, or every connector that matches the
 * list's filter (less the ones unticked since), which are read from the server when the action
 * starts, a page of 200 at a time (the API's largest page).
 */
export type BulkTarget =
  | { kind: 'picked'; rows: readonly ConnectorResponse[] }
  | { kind: 'matching'; list: ConnectorListParams; excluded: ReadonlySet<string> }
  /** Connectors of any scope of the account, named by another page (those that use a secret), read when the action starts. */
  | { kind: 'named'; read: (signal?: AbortSignal) => Promise<readonly ConnectorAt[]> }

/** A connector by where it lives, as another page names it. */
export type ConnectorAt = { scope: Scope; identifier: string }

export const COLLECT_PAGE_SIZE = 200

/**
 * How many requests a bulk action has in flight at once. Four keeps a run of hundreds moving
 * (a test mostly waits on the registry) without queueing the user's own clicks behind it (a
 * browser opens six connections a host) or piling every test onto the delegates at once.
 */
export const BULK_CONCURRENCY = 4

/** Every connector that matches `list`, in name order (stable while tests change statuses). */
export async function collectMatching(
  scope: Scope,
  list: ConnectorListParams,
  signal?: AbortSignal,
  onProgress?: (read: number, total: number) => void,
): Promise<ConnectorResponse[]> {
  const rows = new Map<string, ConnectorResponse>()
  for (let pageIndex = 0; ; pageIndex++) {
    const page = await fetchConnectorPage(
      scope,
      { ...list, sort: 'name', order: 'asc', pageIndex },
      signal,
      COLLECT_PAGE_SIZE,
    )
    for (const row of page.content) rows.set(row.connector.identifier, row)
    // A list that counted only up to a limit goes on to its last (short) page.
    const counted = page.totalIsLowerBound !== true
    onProgress?.(rows.size, counted ? page.totalItems : Math.max(rows.size, page.totalItems))
    if (page.content.length < COLLECT_PAGE_SIZE || (counted && (pageIndex + 1) * COLLECT_PAGE_SIZE >= page.totalItems))
      break
  }
  return [...rows.values()]
}

export async function collectTarget(
  scope: Scope,
  target: BulkTarget,
  signal?: AbortSignal,
  onProgress?: (read: number, total: number) => void,
): Promise<ConnectorResponse[]> {
  if (target.kind === 'picked') return [...target.rows]
  if (target.kind === 'named') {
    const named = await target.read(signal)
    onProgress?.(0, named.length)
    // One deleted since it was named is left out, as a ticked row deleted since is.
    return (await readNamed(named, signal)).rows
  }
  const rows = await collectMatching(scope, target.list, signal, onProgress)
  return rows.filter((row) => !target.excluded.has(row.connector.identifier))
}

/**
 * Runs `worker` on each item, at most `limit` at a time, in order; once `signal` aborts no new
 * item starts. A worker that throws stops the run (no new item starts) and rejects it; one whose
 * failures are part of the result (a failed test) catches them itself.
 */
export async function runWithConcurrency<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal | undefined,
  worker: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0
  let failed = false
  const lane = async () => {
    while (!failed && !signal?.aborted && next < items.length) {
      const index = next++
      try {
        await worker(items[index] as T, index)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
}

/** The connector a row is, at its own scope (a named target's rows are of several). */
export function scopeOfRow(accountIdentifier: string, row: ConnectorResponse): Scope {
  const scope: Scope = { accountIdentifier }
  if (row.connector.orgIdentifier) scope.orgIdentifier = row.connector.orgIdentifier
  if (row.connector.projectIdentifier) scope.projectIdentifier = row.connector.projectIdentifier
  return scope
}

/** The connectors as stored now (the ticked rows may be older); one deleted since is left out. */
export function readCurrent(
  scope: Scope,
  rows: readonly ConnectorResponse[],
  signal?: AbortSignal,
): Promise<{ rows: ConnectorResponse[]; missing: string[] }> {
  return readNamed(
    rows.map((row) => ({ scope, identifier: row.connector.identifier, name: row.connector.name })),
    signal,
  )
}

async function readNamed(
  named: readonly (ConnectorAt & { name?: string })[],
  signal?: AbortSignal,
): Promise<{ rows: ConnectorResponse[]; missing: string[] }> {
  const read: (ConnectorResponse | undefined)[] = []
  const missing: string[] = []
  await runWithConcurrency(named, BULK_CONCURRENCY, signal, async ({ scope, identifier, name }, index) => {
    const path = `/ng/api/connectors/${encodeURIComponent(identifier)}`
    try {
      read[index] = await apiRequest(connectorResponseSchema, 'GET', path, { scope, signal })
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error
      missing.push(name ?? identifier)
    }
  })
  signal?.throwIfAborted()
  return { rows: read.filter((row) => row !== undefined), missing }
}
