import type { Migration } from '../sql-migrations'

export const migration: Migration = {
  version: 12,
  name: 'the audit trail',
  sql: `
-- The audit trail (issue 20): one row per event, appended in the transaction of its change, in
-- sequence order under a transaction-level advisory lock, each HMAC chained to the one before.
CREATE TABLE audit_events (
  sequence bigint PRIMARY KEY,
  time bigint NOT NULL,
  actor_type text COLLATE "C" NOT NULL,
  actor_identifier text COLLATE "C" NOT NULL,
  actor_name text NOT NULL,
  action text COLLATE "C" NOT NULL,
  resource_type text COLLATE "C" NOT NULL,
  resource_identifier text COLLATE "C" NOT NULL,
  scope_key text COLLATE "C" NOT NULL,
  outcome text COLLATE "C" NOT NULL,
  client_address text NOT NULL,
  summary text NOT NULL,
  yaml_before text,
  yaml_after text,
  hmac text COLLATE "C" NOT NULL
);
CREATE INDEX audit_events_by_time ON audit_events (time DESC, sequence DESC);
CREATE INDEX audit_events_by_scope ON audit_events (scope_key, time DESC, sequence DESC);
CREATE INDEX audit_events_by_resource ON audit_events (resource_type, resource_identifier, time DESC);

-- Kept apart from the events: the last sequence and its HMAC (rows removed from the end are
-- found), where the chain starts after retention, and a MAC over all four, so that rolling the
-- head back to match a shortened trail needs the key too.
CREATE TABLE audit_head (
  id integer PRIMARY KEY CHECK (id = 1),
  last_sequence bigint NOT NULL,
  last_hmac text COLLATE "C" NOT NULL,
  start_sequence bigint NOT NULL,
  start_previous_hmac text COLLATE "C" NOT NULL,
  head_mac text COLLATE "C"
);
INSERT INTO audit_head (id, last_sequence, last_hmac, start_sequence, start_previous_hmac)
VALUES (1, 0, repeat('0', 64), 1, repeat('0', 64));
`,
}
