import type { Migration } from '../sql-migrations'

export const migration: Migration = {
  version: 1,
  name: 'connectors, secrets, pipelines',
  sql: `
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE change_counter (
  id integer PRIMARY KEY CHECK (id = 1),
  count bigint NOT NULL
);
INSERT INTO change_counter (id, count) VALUES (1, 0);

CREATE TABLE connectors (
  scope_key text COLLATE "C" NOT NULL,
  identifier text COLLATE "C" NOT NULL,
  name text NOT NULL,
  name_key text COLLATE "C" NOT NULL,
  type text NOT NULL,
  status text NOT NULL,
  created_at bigint NOT NULL,
  last_modified_at bigint NOT NULL,
  last_tested_at bigint,
  version integer NOT NULL,
  search_text text NOT NULL,
  -- json, not jsonb: a connector keeps its keys in the order it was written (its YAML view shows it).
  connector json NOT NULL,
  status_details jsonb NOT NULL,
  CONSTRAINT connectors_scope_identifier UNIQUE (scope_key, identifier)
);
CREATE INDEX connectors_by_last_modified ON connectors (scope_key, last_modified_at DESC, identifier);
CREATE INDEX connectors_by_name ON connectors (scope_key, name_key, identifier);
CREATE INDEX connectors_by_last_tested ON connectors (scope_key, last_tested_at DESC NULLS LAST, identifier);
CREATE INDEX connectors_search ON connectors USING gin (search_text gin_trgm_ops);

-- How many connectors each scope holds, kept in the transaction of every create and delete, so
-- that an unfiltered list does not count its rows.
CREATE TABLE connector_counts (
  scope_key text COLLATE "C" PRIMARY KEY,
  count bigint NOT NULL
);

CREATE TABLE secrets (
  scope_key text COLLATE "C" NOT NULL,
  identifier text COLLATE "C" NOT NULL,
  account_identifier text COLLATE "C" NOT NULL,
  name text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  version integer NOT NULL,
  search_text text NOT NULL,
  secret json NOT NULL,
  -- AES-256-GCM: 'v1:' + base64(iv | tag | ciphertext), see secret-cipher.ts.
  value_encrypted text NOT NULL,
  CONSTRAINT secrets_scope_identifier UNIQUE (scope_key, identifier)
);
CREATE INDEX secrets_by_updated ON secrets (scope_key, updated_at DESC, identifier);
CREATE INDEX secrets_by_account_identifier ON secrets (account_identifier, identifier);
CREATE INDEX secrets_search ON secrets USING gin (search_text gin_trgm_ops);

CREATE TABLE pipelines (
  scope_key text COLLATE "C" NOT NULL,
  identifier text COLLATE "C" NOT NULL,
  account_identifier text COLLATE "C" NOT NULL,
  name text NOT NULL,
  created_at bigint NOT NULL,
  last_updated_at bigint NOT NULL,
  version integer NOT NULL,
  search_text text NOT NULL,
  connector_keys text[] NOT NULL,
  yaml text NOT NULL,
  -- The rest of the record (names, tags, stage count, connector references).
  summary jsonb NOT NULL,
  CONSTRAINT pipelines_scope_identifier UNIQUE (scope_key, identifier)
);
CREATE INDEX pipelines_by_updated ON pipelines (scope_key, last_updated_at DESC, identifier);
CREATE INDEX pipelines_connector_keys ON pipelines USING gin (connector_keys);
CREATE INDEX pipelines_search ON pipelines USING gin (search_text gin_trgm_ops);

-- seeded_at: tells a first start from a database whose user deleted everything.
CREATE TABLE meta (
  key text COLLATE "C" PRIMARY KEY,
  value text NOT NULL
);

-- Delegates are not stored yet: the server reports none.
CREATE TABLE delegate_groups (
  identifier text COLLATE "C" PRIMARY KEY,
  delegate_group jsonb NOT NULL
);
`,
}
