import type { Migration } from '../sql-migrations'

export const migration: Migration = {
  version: 21,
  name: 'secret search finds where a delegate-held secret lives',
  sql: `
-- Secret search matches a delegate-held secret's variable name or path (backend/secret-search.ts),
-- which that function puts last in search_text. Secrets stored before gain it the same way: their
-- reference appended, so that the text equals what a save writes now. Stored rather than computed
-- at read so that search stays one LIKE on the trigram index (secrets_search), paged in SQL. The
-- reference is ASCII (the variable and path rules of decision 028), so lower() lower-cases it as
-- JavaScript does. A stored value is encrypted and never part of this text.
UPDATE secrets
SET search_text = search_text || chr(10) || lower(secret->'spec'->>'value')
WHERE secret->'spec'->>'secretManagerIdentifier' IN ('delegateEnvironment', 'delegateSecretDir')
  AND coalesce(secret->'spec'->>'value', '') <> '';
`,
}
