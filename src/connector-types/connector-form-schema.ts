import { z } from 'zod/mini'
import { DESCRIPTION_MAX_LENGTH, identifierProblem, nameProblem } from '../lib/entity-names'
import type { FormSchemaKit } from './auth-methods'
import { AUTH_METHODS } from './auth-methods'
import type { ConnectorTypeDefinition } from './connector-type'

function messageRule(problem: (value: string) => string | undefined) {
  return z.string().check(
    z.superRefine((value, ctx) => {
      const message = problem(value)
      if (message) ctx.addIssue({ code: 'custom', message })
    }),
  )
}

export const TAG_CHIP_PROBLEM = (chip: string): string | undefined => {
  const key = chip.split(':')[0]?.trim() ?? ''
  if (key === '') return `The tag "${chip}" needs a key before the colon.`
  if (chip.length > 256) return 'A tag can be at most 256 characters.'
  return undefined
}

const overviewShape = {
  name: messageRule(nameProblem),
  identifier: messageRule(identifierProblem),
  description: z
    .string()
    .check(z.maxLength(DESCRIPTION_MAX_LENGTH, `Description can be at most ${DESCRIPTION_MAX_LENGTH} characters.`)),
  tags: z.array(messageRule(TAG_CHIP_PROBLEM)).check(z.maxLength(50, 'A connector can have at most 50 tags.')),
}

export const overviewSchema = z.object(overviewShape)

// The error sits on `delegates` itself: the wizard edits it as one controlled value, and
// react-hook-form drops errors nested under a field that has no registered children.
const delegatesSchema = z.object({ mode: z.enum(['any', 'tagged']), selectors: z.array(z.string()) }).check(
  z.superRefine((value, ctx) => {
    if (value.mode === 'tagged' && value.selectors.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'Choose at least one delegate tag, or use any available delegate.' })
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
          z.refine((value) => field.options.some((option) => option.value === value), {
            message: field.requiredMessage,
          }),
        ),
      ]),
    ),
  )

  return z.object({
    ...overviewShape,
    url: z.string().check(
      z.superRefine((value, ctx) => {
        const message = value.trim() === '' ? url.requiredMessage : url.validate(value)
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
