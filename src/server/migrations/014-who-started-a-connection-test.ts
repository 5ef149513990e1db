import type { Migration } from '../sql-migrations'

export const migration: Migration = {
  version: 14,
  name: 'who started a connection test',
  sql: `
-- A test on a delegate ends after the request that started it may be gone (issue 20): the task
-- keeps who asked and from where, for the test's audit event and its history.
ALTER TABLE test_tasks ADD COLUMN started_by jsonb;
ALTER TABLE test_tasks ADD COLUMN client_address text;
`,
}
