import type { ConnectorInfo } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import type { AuthFormValues } from './auth-methods'
import { AUTH_METHODS, authMethodOf, emptyAuthForm, findAuthMethod } from './auth-methods'
import type { ConnectorTypeDefinition } from './connector-type'
import { getConnectorType } from './registry'

export type DelegateChoice = { mode: 'any' | 'tagged'; selectors: string[] }

/** The one form the wizard edits across all its steps. */
export type ConnectorFormValues = {
  name: string
  identifier: string
  description: string
  /** Chips, each `key` or `key:value`. */
  tags: string[]
  url: string
  extras: Record<string, string>
  /** The chosen method and its fields (auth-methods.ts); references only, never secret values. */
  auth: AuthFormValues
  delegates: DelegateChoice
}

export function emptyConnectorForm(definition: ConnectorTypeDefinition): ConnectorFormValues {
  return {
    name: '',
    identifier: '',
    description: '',
    tags: [],
    url: '',
    extras: Object.fromEntries(definition.fields.map((field) => [field.key, field.defaultValue])),
    auth: emptyAuthForm(definition),
    delegates: { mode: 'any', selectors: [] },
  }
}

export function tagsToMap(chips: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {}
  for (const chip of chips) {
    const colon = chip.indexOf(':')
    const key = (colon === -1 ? chip : chip.slice(0, colon)).trim()
    if (key) map[key] = colon === -1 ? '' : chip.slice(colon + 1).trim()
  }
  return map
}

export function tagsToChips(tags: Record<string, string> | undefined): string[] {
  return Object.entries(tags ?? {}).map(([key, value]) => (value ? `${key}:${value}` : key))
}

export function toConnectorInfo(type: string, values: ConnectorFormValues, scope: Scope): ConnectorInfo {
  const definition = getConnectorType(type)
  const spec: Record<string, unknown> = {
    [definition.url.specKey]: definition.url.normalize(values.url),
  }
  for (const field of definition.fields) spec[field.key] = values.extras[field.key] ?? field.defaultValue
  const method = findAuthMethod(values.auth.type) ?? AUTH_METHODS[definition.authTypes[0] ?? 'Anonymous']
  spec.auth = method.toSpec(values.auth)
  spec.delegateSelectors = values.delegates.mode === 'tagged' ? [...values.delegates.selectors] : []
  Object.assign(spec, definition.fixedSpec)

  const info: ConnectorInfo = {
    name: values.name.trim(),
    identifier: values.identifier,
    description: values.description.trim(),
    tags: tagsToMap(values.tags),
    type,
    spec,
  }
  if (scope.orgIdentifier) info.orgIdentifier = scope.orgIdentifier
  if (scope.projectIdentifier) info.projectIdentifier = scope.projectIdentifier
  return info
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

/** The form that edits an existing connector. Secret values are never part of it. */
export function fromConnectorInfo(info: ConnectorInfo): ConnectorFormValues {
  const definition = getConnectorType(info.type)
  const spec = info.spec
  const auth = typeof spec.auth === 'object' && spec.auth !== null ? (spec.auth as Record<string, unknown>) : {}
  const selectors = Array.isArray(spec.delegateSelectors) ? spec.delegateSelectors.map(String) : []
  return {
    name: info.name,
    identifier: info.identifier,
    description: info.description ?? '',
    tags: tagsToChips(info.tags),
    url: text(spec[definition.url.specKey]),
    extras: Object.fromEntries(
      definition.fields.map((field) => [field.key, text(spec[field.key]) || field.defaultValue]),
    ),
    auth: { ...emptyAuthForm(definition), ...authMethodOf(auth).fromSpec(auth) },
    delegates: { mode: selectors.length ? 'tagged' : 'any', selectors },
  }
}

/** The URL a connector points at, as stored, for lists and summaries. */
export function connectorUrl(info: ConnectorInfo): string {
  const definition = getConnectorType(info.type)
  return text(info.spec[definition.url.specKey])
}

/** The URL as the user should read it (OCI shows the oci:// form it uses). */
export function displayUrl(info: ConnectorInfo): string {
  const definition = getConnectorType(info.type)
  const url = connectorUrl(info)
  return definition.url.preview && url ? definition.url.preview(url) : url
}
