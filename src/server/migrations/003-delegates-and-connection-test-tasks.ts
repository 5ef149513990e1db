import type { Migration } from '../sql-migrations'

export const migration: Migration = {
  version: 3,
  name: 'delegates and connection test tasks',
  sql: `
-- Tokens a delegate started elsewhere presents (npm run delegate -- --token); only a hash is kept.
CREATE TABLE delegate_tokens (
  name text COLLATE "C" PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  created_at bigint NOT NULL,
  revoked_at bigint
);

-- One row per delegate process registration; the list groups them by name, as Harness groups
-- a delegate's replicas. Connected = a heartbeat within the last three intervals.
CREATE TABLE delegates (
  id text COLLATE "C" PRIMARY KEY,
  name text COLLATE "C" NOT NULL,
  tags jsonb NOT NULL,
  token_name text,
  hostname text NOT NULL,
  max_concurrency integer NOT NULL,
  registered_at bigint NOT NULL,
  last_heartbeat bigint NOT NULL,
  disconnected_at bigint
);
CREATE INDEX delegates_by_name ON delegates (name, last_heartbeat DESC);

-- A connection test is a task: queued until a delegate whose tags (and name) include every
-- selector claims it (FOR UPDATE SKIP LOCKED), running until the delegate answers, cancels or
-- is lost. Any server sharing the database can start, stream, cancel or finish it.
CREATE TABLE test_tasks (
  id text COLLATE "C" PRIMARY KEY,
  scope_key text COLLATE "C" NOT NULL,
  identifier text COLLATE "C" NOT NULL,
  selectors jsonb NOT NULL,
  state text NOT NULL,
  delegate_id text,
  delegate_name text,
  created_at bigint NOT NULL,
  claimed_at bigint,
  finished_at bigint,
  cancel_requested boolean NOT NULL DEFAULT false,
  -- The stage events as the delegate sent them, in order; the result once finished.
  events jsonb NOT NULL DEFAULT '[]',
  result json
);
CREATE INDEX test_tasks_queued ON test_tasks (created_at) WHERE state = 'queued';
CREATE INDEX test_tasks_open_by_connector ON test_tasks (scope_key, identifier) WHERE state IN ('queued', 'running');
`,
}
