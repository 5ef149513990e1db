import type { ConnectorInfo } from '../lib/api-types'
import { authMethodOf } from './auth-methods'
import { displayUrl, tagsToChips } from './connector-model'
import { findConnectorType } from './registry'
import { record, text } from './spec-values'

/** One setting of a connector as a person reads it: the wizard's label and the value shown. */
export type ConnectorSetting = { label: string; value: string }

/**
 * What a person set on a connector, in the wizard's order and words, every label from the type's
 * registry entry and its authentication method: a comparison of two versions (a save conflict)
 * reads them side by side. Secrets appear as their references (the method's own rows), never as
 * values, which a connector does not hold anyway. The identifier and type are left out: they
 * never change on an edit.
 */
export function connectorSettings(info: ConnectorInfo): ConnectorSetting[] {
  const definition = findConnectorType(info.type)
  const auth = record(info.spec.auth)
  const method = authMethodOf(auth)
  const selectors = Array.isArray(info.spec.delegateSelectors) ? info.spec.delegateSelectors.map(String) : []
  return [
    { label: 'Name', value: info.name },
    { label: 'Description', value: info.description ?? '' },
    { label: 'Tags', value: tagsToChips(info.tags).join(', ') },
    ...(definition
      ? [
          { label: definition.url.label, value: displayUrl(info) },
          ...definition.fields.map((field) => {
            const value = text(info.spec[field.key])
            const option = field.options.find((candidate) => candidate.value === value)
            return { label: field.label, value: option?.label ?? value }
          }),
        ]
      : []),
    { label: 'Authentication', value: method.label },
    ...method
      .describe(auth)
      .map((row) => ({ label: row.label, value: 'text' in row ? row.text : row.secretReference })),
    {
      label: 'Delegates',
      value: selectors.length ? `Only delegates with: ${selectors.join(', ')}` : 'Any available delegate',
    },
  ]
}
