import {
  descriptionProblem,
  identifierProblem,
  nameProblem,
  nulCharacterPath,
  nulProblem,
  reservedKeyPath,
  tagMapProblems,
} from '../lib/entity-names'
import type { FieldError } from './api-responses'
import { isRecord } from './api-responses'

/**
 * An organization or project body (`{"organization": {...}}`, `{"project": {...}}`), checked with
 * the rules connectors and secrets follow (lib/entity-names.ts). Unknown keys are ignored and
 * never stored: the record is rebuilt from the known fields.
 */

export type ScopeBodyKind = 'organization' | 'project'

export type ScopeFields = {
  identifier: string
  name: string
  description: string
  tags: Record<string, string>
  color?: string
  /** Projects: the organization the body names, '' when it names none. */
  orgIdentifier: string
}

export type ScopeValidation = { fields: ScopeFields; errors?: undefined } | { errors: FieldError[] }

const LABELS: Record<ScopeBodyKind, string> = { organization: 'An organization', project: 'A project' }

export function validateScopeBody(body: unknown, kind: ScopeBodyKind): ScopeValidation {
  const reserved = reservedKeyPath(body)
  if (reserved) {
    const where = reserved.path.slice(1).join('.') || 'body'
    return {
      errors: [
        {
          fieldId: where,
          error: `"${reserved.key}" cannot be a key: __proto__, constructor and prototype are reserved.`,
        },
      ],
    }
  }
  const nul = nulCharacterPath(body)
  if (nul) {
    const fieldId = nul.slice(1).join('.') || kind
    return { errors: [{ fieldId, error: nulProblem(fieldId, '\u0000') ?? `${fieldId} holds a NUL character.` }] }
  }
  if (!isRecord(body) || !isRecord(body[kind])) {
    return { errors: [{ fieldId: kind, error: `The body must be {"${kind}": {...}}.` }] }
  }
  const input = body[kind]
  const errors: FieldError[] = []
  const fail = (fieldId: string, error: string) => errors.push({ fieldId, error })
  const text = (fieldId: string): string => {
    const value = input[fieldId]
    if (typeof value === 'string') return value
    if (value !== undefined && value !== null) fail(fieldId, `${fieldId} must be text.`)
    return ''
  }
  const identifier = text('identifier')
  const name = text('name')
  const description = text('description')
  const color = text('color')
  const orgIdentifier = kind === 'project' ? text('orgIdentifier') : ''
  const problems: [string, string | undefined][] = [
    ['identifier', identifierProblem(identifier)],
    ['name', nameProblem(name)],
    ['description', descriptionProblem(description)],
  ]
  for (const [fieldId, problem] of problems)
    if (problem && !errors.some((e) => e.fieldId === fieldId)) fail(fieldId, problem)

  let tags: Record<string, string> = {}
  const given = input.tags
  if (isRecord(given) && Object.values(given).every((value) => typeof value === 'string')) {
    tags = given as Record<string, string>
    for (const problem of tagMapProblems(tags, LABELS[kind])) fail('tags', problem)
  } else if (given !== undefined && given !== null) {
    fail('tags', 'tags must be an object of text values, such as {"team": "payments"}.')
  }
  if (errors.length) return { errors }
  const fields: ScopeFields = { identifier, name, description, tags, orgIdentifier }
  if (kind === 'project' && color) fields.color = color
  return { fields }
}
