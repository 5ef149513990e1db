/** How the auth methods read the loose JSON of a `spec.auth`. */

/** A JSON object, or an empty one: what `spec.auth` parts are read as. */
/** A string, or '' for anything else. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}
