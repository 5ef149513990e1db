import { CONNECTOR_TYPES } from '../connector-types/registry'
import type { ConnectivityStatus, ConnectorFilter, ConnectorResponse } from '../lib/api-types'
import { searchTermProblem, tagFilterProblem } from '../lib/list-limits'
import { isRecord, pagingOf, type FieldError } from './api-responses'
import type { StoredConnector } from './records'
import { COUNT_LIMIT, type ConnectorListQuery, type ConnectorSort, type ConnectorTagFilter, type Page } from './store'

/** Types, categories or statuses a list may be filtered by at once (there are far fewer of each). */
const MAX_LIST_ENTRIES = 50

/** listV2: the query a request asks for, and the order and search every store applies. */

export function toConnectorResponse(record: StoredConnector): ConnectorResponse {
  return {
    connector: record.connector,
    createdAt: record.createdAt,
    lastModifiedAt: record.lastModifiedAt,
    status: record.status,
    harnessManaged: false,
    version: record.version,
    ...(record.createdBy ? { createdBy: record.createdBy } : {}),
    ...(record.lastModifiedBy ? { lastModifiedBy: record.lastModifiedBy } : {}),
  }
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined
  const list = value.filter((item): item is string => typeof item === 'string')
  return list.length ? list : undefined
}

const STATUSES: readonly ConnectivityStatus[] = ['SUCCESS', 'FAILURE', 'UNKNOWN']
const SORTS: readonly ConnectorSort[] = ['lastModified', 'name', 'lastTested']

/** A tag as the list shows it (`key` or `key:value`), as a filter: split at the first colon. */
export function parseTagFilter(text: string): ConnectorTagFilter | undefined {
  const colon = text.indexOf(':')
  const key = (colon < 0 ? text : text.slice(0, colon)).trim().toLowerCase()
  const value =
    colon < 0
      ? ''
      : text
          .slice(colon + 1)
          .trim()
          .toLowerCase()
  if (key === '') return undefined
  return value === '' ? { key } : { key, value }
}

/**
 * The tags filter of a listV2 body: Harness's map (`{ "team": "payments", "tier": "" }`, an empty
 * value for any value) or a list of tags as displayed (`["team:payments", "tier"]`).
 */
function readTagFilters(value: unknown): ConnectorTagFilter[] | undefined {
  let filters: (ConnectorTagFilter | undefined)[] = []
  if (Array.isArray(value)) {
    filters = value.filter((item): item is string => typeof item === 'string').map(parseTagFilter)
  } else if (isRecord(value)) {
    filters = Object.entries(value)
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
      .map(([key, tagValue]) => parseTagFilter(tagValue.trim() === '' ? key : `${key}:${tagValue}`))
  }
  const kept = filters.filter((filter): filter is ConnectorTagFilter => filter !== undefined)
  return kept.length ? kept : undefined
}

/** Does the connector carry the tag the filter asks for (ignoring case)? */
export function hasTag(tags: Record<string, string> | undefined, filter: ConnectorTagFilter): boolean {
  return Object.entries(tags ?? {}).some(
    ([key, value]) =>
      key.toLowerCase() === filter.key && (filter.value === undefined || value.toLowerCase() === filter.value),
  )
}

/** The filter from a listV2 body; anything it does not understand filters nothing. */
export function readConnectorFilter(
  body: unknown,
): Omit<ConnectorFilter, 'filterType'> & { tags?: ConnectorTagFilter[] } {
  if (!isRecord(body)) return {}
  return {
    types: stringList(body.types),
    categories: stringList(body.categories),
    connectivityStatuses: stringList(body.connectivityStatuses)?.filter((status): status is ConnectivityStatus =>
      (STATUSES as readonly string[]).includes(status),
    ),
    tags: readTagFilters(body.tags),
  }
}

/** What is wrong with a list's search and filter, in words at their fields; empty when nothing. */
export function listQueryProblems(body: unknown, params: URLSearchParams): FieldError[] {
  const problems: FieldError[] = []
  const termProblem = searchTermProblem(params.get('searchTerm') ?? '')
  if (termProblem) problems.push({ fieldId: 'searchTerm', error: termProblem })
  if (!isRecord(body)) return problems
  // As displayed (`key` or `key:value`), whichever form the body gives them in.
  const tags = Array.isArray(body.tags)
    ? body.tags.map(String)
    : isRecord(body.tags)
      ? Object.entries(body.tags).map(([key, value]) => (value === '' ? key : `${key}:${String(value)}`))
      : []
  const tagProblem = tagFilterProblem(tags)
  if (tagProblem) problems.push({ fieldId: 'tags', error: tagProblem })
  for (const field of ['types', 'categories', 'connectivityStatuses'] as const) {
    const list = body[field]
    if (Array.isArray(list) && list.length > MAX_LIST_ENTRIES) {
      problems.push({ fieldId: field, error: `At most ${MAX_LIST_ENTRIES} ${field} can filter the list.` })
    }
  }
  return problems
}

/** What a listV2 request asks the store for: categories become the types they hold. */
export function connectorListQuery(body: unknown, params: URLSearchParams): ConnectorListQuery {
  const filter = readConnectorFilter(body)
  let types = filter.types
  if (filter.categories) {
    const inCategories = CONNECTOR_TYPES.filter((definition) => filter.categories?.includes(definition.category)).map(
      (definition) => definition.type,
    )
    types = types ? types.filter((type) => inCategories.includes(type)) : inCategories
  }
  // The app always asks for its one category: a filter that keeps every type filters nothing, and
  // saying so lets a store answer the total from its kept count instead of counting every row.
  const everyType = CONNECTOR_TYPES.every((definition) => types?.includes(definition.type))
  if (everyType) types = undefined
  const sort = params.get('sort') ?? ''
  const direction = params.get('order')
  return {
    searchTerm: (params.get('searchTerm') ?? '').trim().toLowerCase(),
    ...(types ? { types } : {}),
    ...(filter.connectivityStatuses ? { statuses: filter.connectivityStatuses } : {}),
    ...(filter.tags ? { tags: filter.tags } : {}),
    sort: (SORTS as readonly string[]).includes(sort) ? (sort as ConnectorSort) : 'lastModified',
    ...(direction === 'asc' || direction === 'desc' ? { direction } : {}),
    ...pagingOf(params),
  }
}

/** Each sort's natural direction: newest first for times, A to Z for names. */
export function defaultDirection(sort: ConnectorSort): 'asc' | 'desc' {
  return sort === 'name' ? 'asc' : 'desc'
}

function sortValue(record: StoredConnector, sort: ConnectorSort): string | number {
  if (sort === 'name') return record.connector.name.toLowerCase()
  if (sort === 'lastTested') return record.status.lastTestedAt ?? record.status.testedAt ?? 0
  return record.lastModifiedAt
}

/**
 * The list a store held in memory answers: the same matches, order and page a SQL store's
 * query gives (ties broken by identifier), so both hosts list alike.
 */
export function listInMemory(records: Iterable<StoredConnector>, query: ConnectorListQuery): Page<StoredConnector> {
  const sort = query.sort ?? 'lastModified'
  const sign = (query.direction ?? defaultDirection(sort)) === 'asc' ? 1 : -1
  // The other direction is exactly the reverse of the default one, ties included (a SQL index
  // read backwards).
  const tieSign = (query.direction ?? defaultDirection(sort)) === defaultDirection(sort) ? 1 : -1
  const matches: StoredConnector[] = []
  for (const record of records) {
    if (query.types && !query.types.includes(record.connector.type)) continue
    if (query.statuses && !query.statuses.includes(record.status.status)) continue
    if (query.tags && !query.tags.every((tag) => hasTag(record.connector.tags, tag))) continue
    if (query.searchTerm && !record.searchText.includes(query.searchTerm)) continue
    matches.push(record)
  }
  matches.sort((a, b) => {
    const x = sortValue(a, sort)
    const y = sortValue(b, sort)
    const byValue = x < y ? -1 : x > y ? 1 : 0
    return byValue * sign || (a.connector.identifier < b.connector.identifier ? -tieSign : tieSign)
  })
  const start = query.pageIndex * query.pageSize
  const items = matches.slice(start, start + query.pageSize)
  // Counted as a SQL store counts: in full when nothing filters, up to COUNT_LIMIT otherwise.
  if (!isFilteredQuery(query) || matches.length <= COUNT_LIMIT) return { items, total: matches.length }
  return { items, total: COUNT_LIMIT, totalIsLowerBound: true }
}

/** Whether anything narrows the list: a search, or a filter. */
export function isFilteredQuery(query: ConnectorListQuery): boolean {
  return Boolean(query.searchTerm || query.types?.length || query.statuses?.length || query.tags?.length)
}
