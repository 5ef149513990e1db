import type { Migration } from '../sql-migrations'

export const migration: Migration = {
  version: 2,
  name: 'connection test history',
  sql: `
-- Each connector's last connection tests (TEST_HISTORY_LIMIT), newest = highest id. Written
-- under the connector's row lock, which also trims the older ones; deleteConnector deletes them
-- in its own statement, and the cascade covers every other delete of connectors (Reset).
CREATE TABLE test_results (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  scope_key text COLLATE "C" NOT NULL,
  identifier text COLLATE "C" NOT NULL,
  tested_at bigint NOT NULL,
  duration_ms bigint NOT NULL,
  -- json, not jsonb: the result as the API answers it, stage log and all (secrets masked).
  result json NOT NULL,
  CONSTRAINT test_results_connector FOREIGN KEY (scope_key, identifier)
    REFERENCES connectors (scope_key, identifier) ON DELETE CASCADE
);
CREATE INDEX test_results_by_connector ON test_results (scope_key, identifier, id DESC);
`,
}
