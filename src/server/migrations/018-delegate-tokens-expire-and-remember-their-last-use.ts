import type { Migration } from '../sql-migrations'

export const migration: Migration = {
  version: 18,
  name: 'delegate tokens expire and remember their last use',
  sql: `
-- When a token stops being accepted (chosen at creation; NULL: never), and when a delegate last
-- presented it (written at most once a minute per token, so heartbeats do not write each time).
-- The tokens from before never expire and have not been seen since this column exists.
ALTER TABLE delegate_tokens ADD COLUMN expires_at bigint;
ALTER TABLE delegate_tokens ADD COLUMN last_used_at bigint;
`,
}
