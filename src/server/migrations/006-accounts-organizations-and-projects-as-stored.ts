import type { Migration } from '../sql-migrations'

export const migration: Migration = {
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
}
