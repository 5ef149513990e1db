import type { Migration } from '../sql-migrations'

export const migration: Migration = {
  version: 20,
  name: 'who created and last changed a secret',
  sql: `
-- "By whom" for secrets as for connectors (migration 13, issue 21): the principal of a secret's
-- create and of its last change, so that Edit's conflict comparison names who saved. Secrets from
-- before have neither.
ALTER TABLE secrets ADD COLUMN created_by jsonb;
ALTER TABLE secrets ADD COLUMN last_modified_by jsonb;
`,
}
