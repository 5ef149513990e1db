import { findConnectorType } from '../connector-types/registry'
import type { ConnectorFilter, ConnectorResponse } from '../lib/api-types'
import { isRecord } from './api-responses'
import type { StoredConnector } from './mock-records'

/** listV2's search, filters and order, over one scope's connectors. */

export function toConnectorResponse(record: StoredConnector): ConnectorResponse {
  return {
    connector: record.connector,
    createdAt: record.createdAt,
    lastModifiedAt: record.lastModifiedAt,
    status: record.status,
    harnessManaged: false,
  }
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined
  const list = value.filter((item): item is string => typeof item === 'string')
  return list.length ? list : undefined
}

/** The filter from a listV2 body; anything it does not understand filters nothing. */
export function readConnectorFilter(body: unknown): Omit<ConnectorFilter, 'filterType'> {
  if (!isRecord(body)) return {}
  return {
    types: stringList(body.types),
    categories: stringList(body.categories),
    connectivityStatuses: stringList(body.connectivityStatuses) as ConnectorFilter['connectivityStatuses'],
  }
}

function searchableText(record: StoredConnector): string {
  const { connector } = record
  const urlKey = findConnectorType(connector.type)?.url.specKey
  const url = urlKey ? connector.spec[urlKey] : undefined
  const parts = [connector.name, connector.identifier, connector.description ?? '', typeof url === 'string' ? url : '']
  for (const [key, value] of Object.entries(connector.tags)) parts.push(key, value)
  return parts.join('\n').toLowerCase()
}

export function filterConnectors(
  records: readonly StoredConnector[],
  searchTerm: string,
  filter: Omit<ConnectorFilter, 'filterType'>,
): StoredConnector[] {
  const term = searchTerm.trim().toLowerCase()
  const matches = records.filter((record) => {
    if (filter.types && !filter.types.includes(record.connector.type)) return false
    if (filter.categories) {
      const category = findConnectorType(record.connector.type)?.category
      if (!category || !filter.categories.includes(category)) return false
    }
    if (filter.connectivityStatuses && !filter.connectivityStatuses.includes(record.status.status)) return false
    return term === '' || searchableText(record).includes(term)
  })
  return matches.sort(
    (a, b) => b.lastModifiedAt - a.lastModifiedAt || a.connector.identifier.localeCompare(b.connector.identifier),
  )
}
