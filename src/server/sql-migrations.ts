import type { SqlClient } from './sql-client'

/**
 * The schema, as numbered migrations applied once each, in order, at start. Each runs in its own
 * transaction under a transaction-scoped advisory lock, so that two servers starting on one
 * PostgreSQL never both apply one: the second waits, then sees it recorded. Never edit a
 * migration that has shipped; add the next number.
 *
 * Text that is sorted or compared is `COLLATE "C"` (code point order), so that the order does not
 * depend on the server's locale; `name_key` is the lower-cased name, computed by the store.
 */

export type Migration = { version: number; name: string; sql: string }

export const MIGRATIONS: readonly Migration[] = [
  {
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
  },
  {
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
  },
  {
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
  },
  {
    version: 4,
    name: 'delegates bound to their tokens, and the secret key check',
    sql: `
-- The hash of the token a delegate registered with: every later call must present the same token.
ALTER TABLE delegates ADD COLUMN token_hash text;
-- Registrations from before had no token kept: they register again (their next call gets 404).
UPDATE delegates SET disconnected_at = (extract(epoch FROM now()) * 1000)::bigint WHERE disconnected_at IS NULL;

-- A delegate name (lower-cased, as selectors compare) belongs to the token that first registered
-- it, until that token is revoked; "local" is the built-in delegate's and is never listed here.
CREATE TABLE delegate_names (
  name_key text COLLATE "C" PRIMARY KEY,
  token_name text COLLATE "C" NOT NULL
);
INSERT INTO delegate_names (name_key, token_name)
  SELECT DISTINCT ON (lower(name)) lower(name), token_name FROM delegates
   WHERE token_name IS NOT NULL AND lower(name) <> 'local'
   ORDER BY lower(name), registered_at DESC;

-- What a server keeps about itself: the secret key's check value (secret-key.ts).
CREATE TABLE server_settings (
  name text COLLATE "C" PRIMARY KEY,
  value text NOT NULL
);
`,
  },
  {
    version: 5,
    name: 'connector tag terms for the tag filter',
    sql: `
-- A connector's tags as lower-cased terms, "key" for every tag and "key:value" for one with a
-- value (a key holds no colon), so that a tag filter is one array containment with an index,
-- instead of reading every connector's JSON once per tag asked for.
ALTER TABLE connectors ADD COLUMN tag_terms text[] NOT NULL DEFAULT '{}';
UPDATE connectors SET tag_terms = coalesce((SELECT array_agg(DISTINCT term) FROM (SELECT lower(key) AS term FROM json_each_text(connector->'tags') UNION ALL SELECT lower(key) || ':' || lower(value) FROM json_each_text(connector->'tags') WHERE value <> '') AS terms), '{}');
CREATE INDEX connectors_by_tag_terms ON connectors USING gin (tag_terms);
`,
  },
  {
    version: 6,
    name: 'accounts, organizations and projects as stored scopes',
    sql: `
-- Accounts, organizations and projects, one row each, keyed by the scope key of the scope they
-- are ('acme//', 'acme/default/', 'acme/default/payments'): a scoped request's existence check
-- is one primary-key lookup. org_identifier is a project's organization ('' otherwise).
CREATE TABLE scopes (
  scope_key text COLLATE "C" PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('account', 'organization', 'project')),
  account_identifier text COLLATE "C" NOT NULL,
  org_identifier text COLLATE "C" NOT NULL,
  identifier text COLLATE "C" NOT NULL,
  name text NOT NULL,
  name_key text COLLATE "C" NOT NULL,
  description text NOT NULL,
  tags jsonb NOT NULL,
  color text,
  search_text text NOT NULL,
  created_at bigint NOT NULL,
  last_modified_at bigint NOT NULL,
  version integer NOT NULL
);
CREATE INDEX scopes_by_parent ON scopes (account_identifier, kind, org_identifier, name_key, identifier);

-- A database from before was seeded (seeded_at) and its data lives in the scopes that were then
-- fixed: they become stored ones, so that nothing it holds is orphaned. A new database is empty
-- here; its first start writes its own account (sql-seed.ts). The names are those of that time,
-- written out: a migration never changes with the code.
INSERT INTO scopes (scope_key, kind, account_identifier, org_identifier, identifier, name, name_key, description,
                    tags, color, search_text, created_at, last_modified_at, version)
SELECT s.scope_key, s.kind, 'acme', s.org_identifier, s.identifier, s.name, lower(s.name), s.description, '{}'::jsonb,
       s.color, lower(s.identifier || E'\n' || s.name || E'\n' || s.description),
       (extract(epoch FROM now()) * 1000)::bigint, (extract(epoch FROM now()) * 1000)::bigint, 1
  FROM (VALUES
    ('acme//', 'account', '', 'acme', 'Acme', '', NULL),
    ('acme/default/', 'organization', '', 'default', 'Default', 'The organization every account starts with.', NULL),
    ('acme/default/payments', 'project', 'default', 'payments', 'Payments', 'The payments API and its deployments.', '#0063F7'),
    ('acme/default/checkout', 'project', 'default', 'checkout', 'Checkout', 'The checkout web app.', '#0063F7'),
    ('acme/platform/', 'organization', '', 'platform', 'Platform', 'Shared infrastructure, run by the platform team.', NULL),
    ('acme/platform/infra', 'project', 'platform', 'infra', 'Infra', 'Clusters, registries and delegates.', '#0063F7')
  ) AS s (scope_key, kind, org_identifier, identifier, name, description, color)
 WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'seeded_at');
`,
  },
  {
    version: 7,
    name: 'role assignments',
    sql: `
-- A role bound to a principal at a scope (Harness's RoleAssignment). A permission check reads a
-- principal's bindings in its account, once per request: hence the index by principal.
CREATE TABLE role_assignments (
  scope_key text COLLATE "C" NOT NULL,
  identifier text COLLATE "C" NOT NULL,
  account_identifier text COLLATE "C" NOT NULL,
  role_identifier text COLLATE "C" NOT NULL,
  resource_group_identifier text COLLATE "C" NOT NULL,
  principal_type text COLLATE "C" NOT NULL,
  principal_identifier text COLLATE "C" NOT NULL,
  managed boolean NOT NULL DEFAULT false,
  created_at bigint NOT NULL,
  last_modified_at bigint NOT NULL,
  PRIMARY KEY (scope_key, identifier),
  UNIQUE (scope_key, role_identifier, resource_group_identifier, principal_type, principal_identifier)
);
CREATE INDEX role_assignments_by_principal ON role_assignments (account_identifier, principal_type, principal_identifier);
`,
  },
  {
    version: 8,
    name: 'users, sessions, setup and invite tokens',
    sql: `
-- People who sign in (decision 022). An email is unique per account whatever its case; a user of
-- a single sign-on provider has no password hash.
CREATE TABLE users (
  identifier text COLLATE "C" PRIMARY KEY,
  account_identifier text COLLATE "C" NOT NULL,
  email text NOT NULL,
  email_key text COLLATE "C" NOT NULL,
  name text NOT NULL,
  password_hash text,
  oidc_subject text,
  created_at bigint NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  CONSTRAINT users_account_email UNIQUE (account_identifier, email_key)
);

-- A signed-in browser. Only the SHA-256 of the cookie's token is kept: a copy of this table
-- signs no one in.
CREATE TABLE sessions (
  token_hash text COLLATE "C" PRIMARY KEY,
  user_identifier text COLLATE "C" NOT NULL REFERENCES users (identifier) ON DELETE CASCADE,
  created_at bigint NOT NULL,
  last_seen_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  user_agent text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_user ON sessions (user_identifier);

-- One-time links: the first administrator's setup, and invitations. Hashed as sessions are.
CREATE TABLE sign_in_tokens (
  token_hash text COLLATE "C" PRIMARY KEY,
  kind text COLLATE "C" NOT NULL CHECK (kind IN ('SETUP', 'INVITE')),
  account_identifier text COLLATE "C" NOT NULL,
  email text,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at bigint
);
`,
  },
  {
    version: 9,
    name: 'delegate tokens belong to a scope',
    sql: `
-- A token belongs to an account, organization or project (its scope key, as connectors'), as in
-- Harness: its delegates take only the tests of connectors there and below. The tokens from
-- before served the whole account: they become the account's. The server serves one account,
-- the first stored (servedAccount), else the one its connectors live in.
ALTER TABLE delegate_tokens ADD COLUMN scope_key text COLLATE "C";
UPDATE delegate_tokens SET scope_key = coalesce(
  (SELECT scope_key FROM scopes WHERE kind = 'account' ORDER BY created_at LIMIT 1),
  (SELECT split_part(scope_key, '/', 1) || '//' FROM connectors ORDER BY created_at LIMIT 1));
-- A token whose account nothing tells is revoked rather than guessed at: it could take no test anyway.
UPDATE delegate_tokens
   SET scope_key = '//', revoked_at = coalesce(revoked_at, (extract(epoch FROM now()) * 1000)::bigint)
 WHERE scope_key IS NULL;
ALTER TABLE delegate_tokens ALTER COLUMN scope_key SET NOT NULL;
CREATE INDEX delegate_tokens_by_scope ON delegate_tokens (scope_key, created_at DESC);
`,
  },
  {
    version: 10,
    name: 'service accounts, API keys and tokens',
    sql: `
-- Automation's principals (Harness's service accounts). The identifier is unique in the account,
-- as a role binding names a principal by identifier and type; scope_key is where it was made.
CREATE TABLE service_accounts (
  account_identifier text COLLATE "C" NOT NULL,
  identifier text COLLATE "C" NOT NULL,
  scope_key text COLLATE "C" NOT NULL,
  name text NOT NULL,
  email text NOT NULL,
  description text NOT NULL DEFAULT '',
  tags jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at bigint NOT NULL,
  PRIMARY KEY (account_identifier, identifier)
);
CREATE INDEX service_accounts_by_scope ON service_accounts (scope_key);

CREATE TABLE api_keys (
  account_identifier text COLLATE "C" NOT NULL,
  service_account text COLLATE "C" NOT NULL,
  identifier text COLLATE "C" NOT NULL,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  default_ttl_ms bigint NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (account_identifier, service_account, identifier),
  FOREIGN KEY (account_identifier, service_account)
    REFERENCES service_accounts (account_identifier, identifier) ON DELETE CASCADE
);

-- Only the SHA-256 of a token is kept: a copy of this table signs nobody in.
CREATE TABLE api_tokens (
  token_hash text COLLATE "C" PRIMARY KEY,
  account_identifier text COLLATE "C" NOT NULL,
  service_account text COLLATE "C" NOT NULL,
  api_key text COLLATE "C" NOT NULL,
  identifier text COLLATE "C" NOT NULL,
  name text NOT NULL,
  created_at bigint NOT NULL,
  valid_from bigint NOT NULL,
  valid_to bigint NOT NULL,
  UNIQUE (account_identifier, service_account, api_key, identifier),
  FOREIGN KEY (account_identifier, service_account, api_key)
    REFERENCES api_keys (account_identifier, service_account, identifier) ON DELETE CASCADE
);
`,
  },
  {
    version: 11,
    name: 'a change count per scope',
    sql: `
-- What /ng/api/changes tells a caller: the writes of the scopes they may view, and no others
-- (the one global counter told everyone of every write). Triggers keep it in the transaction of
-- each write, whichever statement made it. A test's event appends do not count: only its state.
CREATE TABLE scope_changes (
  scope_key text COLLATE "C" PRIMARY KEY,
  count bigint NOT NULL
);
CREATE FUNCTION count_scope_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO scope_changes AS changes (scope_key, count)
  VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.scope_key ELSE NEW.scope_key END, 1)
  ON CONFLICT (scope_key) DO UPDATE SET count = changes.count + 1;
  IF TG_OP = 'UPDATE' AND OLD.scope_key IS DISTINCT FROM NEW.scope_key THEN
    INSERT INTO scope_changes AS changes (scope_key, count) VALUES (OLD.scope_key, 1)
    ON CONFLICT (scope_key) DO UPDATE SET count = changes.count + 1;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER connectors_count_change AFTER INSERT OR UPDATE OR DELETE ON connectors
  FOR EACH ROW EXECUTE FUNCTION count_scope_change();
CREATE TRIGGER secrets_count_change AFTER INSERT OR UPDATE OR DELETE ON secrets
  FOR EACH ROW EXECUTE FUNCTION count_scope_change();
CREATE TRIGGER pipelines_count_change AFTER INSERT OR UPDATE OR DELETE ON pipelines
  FOR EACH ROW EXECUTE FUNCTION count_scope_change();
CREATE TRIGGER test_results_count_change AFTER INSERT OR DELETE ON test_results
  FOR EACH ROW EXECUTE FUNCTION count_scope_change();
CREATE TRIGGER test_tasks_count_change AFTER INSERT OR UPDATE OF state OR DELETE ON test_tasks
  FOR EACH ROW EXECUTE FUNCTION count_scope_change();
CREATE TRIGGER scopes_count_change AFTER INSERT OR UPDATE OR DELETE ON scopes
  FOR EACH ROW EXECUTE FUNCTION count_scope_change();
CREATE TRIGGER role_assignments_count_change AFTER INSERT OR UPDATE OR DELETE ON role_assignments
  FOR EACH ROW EXECUTE FUNCTION count_scope_change();
`,
  },
  {
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
  },
  {
    version: 13,
    name: 'who created and last changed a connector',
    sql: `
-- "By whom" where people look (issue 20): the principal of a connector's create and of its last
-- change, as lists show them. Connectors from before have neither.
ALTER TABLE connectors ADD COLUMN created_by jsonb;
ALTER TABLE connectors ADD COLUMN last_modified_by jsonb;
`,
  },
]

/** Any fixed number: the advisory lock that serializes migrations across servers. */
const MIGRATION_LOCK = 7_042_311_001

/** Applies the migrations not applied yet; answers the versions it applied. */
export async function migrate(client: SqlClient, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const applied: number[] = []
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await client.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK])
      await tx.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version integer PRIMARY KEY,
           name text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      )
      const found = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version])
      if (found.length > 0) return false
      // All of its statements at once: the database parses the text (comments, a `;` inside a
      // string), in this transaction.
      await tx.exec(migration.sql)
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ])
      return true
    })
    if (done) applied.push(migration.version)
  }
  return applied
}
