import type { Migration } from '../sql-migrations'

export const migration: Migration = {
  version: 13,
  name: 'who created and last changed a connector',
  sql: `
-- "By whom" where people look (issue 20): the principal of a connector's create and of its last
-- change, as lists show them. Connectors from before have neither.
ALTER TABLE connectors ADD COLUMN created_by jsonb;
ALTER TABLE connectors ADD COLUMN last_modified_by jsonb;
`,
}
