import { z } from 'zod/mini'
import {
  descriptionProblem,
  identifierProblem,
  nameProblem,
  tagChipProblem,
  tagListProblems,
} from '../lib/entity-names'
import type { FormSchemaKit } from './auth-methods'
import { AUTH_METHODS } from './auth-methods'
import type { ConnectorTypeDefinition } from './connector-type'
import { delegateTagProblem, tooManySelectors } from './delegate-tag-rule'
import { urlLengthProblem } from './url-rules'

function messageRule(problem: (value: string) => string | undefined) {
  return z.string().check(
    z.superRefine((value, ctx) => {
      const message = problem(value)
      if (message) ctx.addIssue({ code: 'custom', message })
    }),
  )
}

/** One chip's rule (lib/entity-names.ts); the API applies the same rules to a connector's tag map. */
export const TAG_CHIP_PROBLEM = tagChipProblem

/**
 * The Overview step's rules. The API validates a connector body with this same schema
 * (backend/connector-validation.ts), so a limit changed here changes in both.
 */
const overviewShape = {
  name: messageRule(nameProblem),
  identifier: messageRule(identifierProblem),
  description: messageRule(descriptionProblem),
  tags: z.array(messageRule(tagChipProblem)).check(
    z.superRefine((chips, ctx) => {
      for (const { index, message } of tagListProblems(chips, 'A connector')) {
        ctx.addIssue({ code: 'custom', message, ...(index === undefined ? {} : { path: [index] }) })
      }
    }),
  ),
}

export const overviewSchema = z.object(overviewShape)

// The error sits on `delegates` itself: the wizard edits it as one controlled value, and
// react-hook-form drops errors nested under a field that has no registered children.
const delegatesSchema = z.object({ mode: z.enum(['any', 'tagged']), selectors: z.array(z.string()) }).check(
  z.superRefine((value, ctx) => {
    if (value.mode === 'tagged' && value.selectors.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'Choose at least one delegate tag, or use any available delegate.' })
    } else if (value.mode === 'tagged') {
      const problem =
        value.selectors.map(delegateTagProblem).find(Boolean) ?? tooManySelectors(new Set(value.selectors).size)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    }
  }),
)

/** The zod schema of the wizard's form for one connector type, built from its registry entry. */
export function buildConnectorFormSchema(definition: ConnectorTypeDefinition) {
  const { url, fields, authTypes } = definition

  const kit: FormSchemaKit = {
    object: z.object,
    looseObject: z.looseObject,
    literal: z.literal,
    optional: z.optional,
    boolean: z.boolean,
    string: z.string,
    superRefine: z.superRefine,
  }
  const authOptions = authTypes.map((id) => AUTH_METHODS[id].formSchema(kit, definition))
  const [firstAuth, ...otherAuth] = authOptions
  if (!firstAuth) throw new Error(`${definition.type} allows no authentication method`)
  const auth = otherAuth.length
    ? z.discriminatedUnion('type', [firstAuth, ...otherAuth] as unknown as Parameters<typeof z.discriminatedUnion>[1])
    : firstAuth

  const extras = z.object(
    Object.fromEntries(
      fields.map((field) => [
        field.key,
        z.string().check(
          z.superRefine((value, ctx) => {
            if (field.options.some((option) => option.value === value)) return
            const allowed = field.options.map((option) => option.value).join(', ')
            const message =
              value === ''
                ? field.requiredMessage
                : `${JSON.stringify(value)} is not a valid ${field.label}: choose one of ${allowed}.`
            ctx.addIssue({ code: 'custom', message })
          }),
        ),
      ]),
    ),
  )

  return z.object({
    ...overviewShape,
    url: z.string().check(
      z.superRefine((value, ctx) => {
        const message =
          value.trim() === '' ? url.requiredMessage : (urlLengthProblem(url.label, value) ?? url.validate(value))
        if (message) ctx.addIssue({ code: 'custom', message })
      }),
    ),
    extras,
    auth,
    delegates: delegatesSchema,
  })
}

/** Field names per wizard step, for `trigger()` on Continue. */
export const STEP_FIELDS = {
  overview: ['name', 'identifier', 'description', 'tags'],
  details: ['url', 'extras', 'auth'],
  delegates: ['delegates'],
} as const
