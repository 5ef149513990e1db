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

/** The connectors as stored now (the ticked rows may be older); one deleted since is left out. */
export async function readCurrent(
  scope: Scope,
  rows: readonly ConnectorResponse[],
  signal?: AbortSignal,
): Promise<{ rows: ConnectorResponse[]; missing: string[] }> {
  const read: (ConnectorResponse | undefined)[] = []
  const missing: string[] = []
  await runWithConcurrency(rows, BULK_CONCURRENCY, signal, async (row, index) => {
    const path = `/ng/api/connectors/${encodeURIComponent(row.connector.identifier)}`
    try {
      read[index] = await apiRequest(connectorResponseSchema, 'GET', path, { scope, signal })
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error
      missing.push(row.connector.name)
    }
  })
  signal?.throwIfAborted()
  return { rows: read.filter((row) => row !== undefined), missing }
}
