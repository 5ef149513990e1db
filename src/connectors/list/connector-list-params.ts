import { CONNECTOR_TYPES } from '../../connector-types/registry'
import type { ConnectivityStatus } from '../../lib/api-types'

/**
 * What the connector list shows: its search, filters, order and page. They live in the address
 * (`?q=…&type=…&status=…&tag=…&sort=…&order=…&page=…`), so a link or a reload opens the same list;
 * the server filters, sorts and pages.
 */

export type ConnectorListSort = 'lastModified' | 'name' | 'lastTested'
export type SortOrder = 'asc' | 'desc'

/**
 * The statuses the server knows. "Testing" is not among them: only the tab that runs a test knows
 * that one (the row's badge says it), and the row gets Success or Failed when it ends.
 */
export const STATUS_FILTERS = {
  success: { label: 'Success', status: 'SUCCESS' },
  failed: { label: 'Failed', status: 'FAILURE' },
  'not-tested': { label: 'Not tested', status: 'UNKNOWN' },
} as const satisfies Record<string, { label: string; status: ConnectivityStatus }>

export type StatusFilter = keyof typeof STATUS_FILTERS

export type ConnectorListParams = {
  /** As typed; the request trims it. */
  searchTerm: string
  /** A connector type (`DockerRegistry`), or '' for all. */
  type: string
  status: StatusFilter | ''
  /** Tags as typed: `key` or `key:value`, several separated by commas; '' for none. */
  tag: string
  sort: ConnectorListSort
  order: SortOrder
  pageIndex: number
}

const SORTS: readonly ConnectorListSort[] = ['lastModified', 'name', 'lastTested']

/** Each sort's natural direction: newest first for times, A to Z for names (the server's too). */
export function naturalOrder(sort: ConnectorListSort): SortOrder {
  return sort === 'name' ? 'asc' : 'desc'
}

export const DEFAULT_LIST_PARAMS: ConnectorListParams = {
  searchTerm: '',
  type: '',
  status: '',
  tag: '',
  sort: 'lastModified',
  order: 'desc',
  pageIndex: 0,
}

/** The query parameter names the list owns in the address. */
export const LIST_QUERY_NAMES = ['q', 'type', 'status', 'tag', 'sort', 'order', 'page'] as const

function isStatusFilter(value: string): value is StatusFilter {
  return Object.hasOwn(STATUS_FILTERS, value)
}

/** The list an address asks for; what it does not understand is left at the default. */
export function parseListParams(params: URLSearchParams): ConnectorListParams {
  const type = params.get('type') ?? ''
  const status = params.get('status') ?? ''
  const sortParam = params.get('sort') ?? ''
  const sort = (SORTS as readonly string[]).includes(sortParam) ? (sortParam as ConnectorListSort) : 'lastModified'
  const order = params.get('order')
  const page = Number(params.get('page'))
  return {
    searchTerm: params.get('q') ?? '',
    type: CONNECTOR_TYPES.some((definition) => definition.type === type) ? type : '',
    status: isStatusFilter(status) ? status : '',
    tag: (params.get('tag') ?? '').trim(),
    sort,
    order: order === 'asc' || order === 'desc' ? order : naturalOrder(sort),
    pageIndex: Number.isInteger(page) && page > 1 ? page - 1 : 0,
  }
}

/** The address's query for a list: defaults are left out, so a plain list has a plain address. */
export function listQueryValues(list: ConnectorListParams): Record<(typeof LIST_QUERY_NAMES)[number], string> {
  const defaultOrder = list.order === naturalOrder(list.sort)
  return {
    q: list.searchTerm.trim(),
    type: list.type,
    status: list.status,
    tag: list.tag.trim(),
    sort: list.sort === 'lastModified' && defaultOrder ? '' : list.sort,
    order: defaultOrder ? '' : list.order,
    page: list.pageIndex > 0 ? String(list.pageIndex + 1) : '',
  }
}

/** The tags a tag filter asks for, as displayed (`key` or `key:value`). */
export function tagList(tag: string): string[] {
  return tag
    .split(',')
    .map((each) => each.trim())
    .filter((each) => each !== '' && !each.startsWith(':'))
}

export function isFiltered(list: ConnectorListParams): boolean {
  return list.type !== '' || list.status !== '' || tagList(list.tag).length > 0
}
