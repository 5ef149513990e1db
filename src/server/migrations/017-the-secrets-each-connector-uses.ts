import type { Migration } from '../sql-migrations'

export const migration: Migration = {
  version: 17,
  name: 'the secrets each connector uses',
  sql: `
-- Which secrets a connector uses, one row per (connector, secret record key as
-- account/org/project/identifier), computed by the core on every connector write
-- (backend/secret-usage.ts), so that "used by N connectors" and a refused secret delete are index
-- reads. A table of its own, not a column: filling it rewrites no connector row (a column's
-- UPDATE of 10,000 connectors took 22 s on PGlite, most of it their indexes), and a count reads
-- one index. A connector's delete takes its rows with it. The keys and the foreign key come after
-- the rows of the connectors stored before (2 s for 10,000 on PGlite, 7 s checked row by row).
CREATE TABLE connector_secrets (
  secret_key text COLLATE "C" NOT NULL,
  scope_key text COLLATE "C" NOT NULL,
  identifier text COLLATE "C" NOT NULL
);
-- Connectors stored before: the references of the one auth method that has any today
-- (UsernamePassword's usernameRef and passwordRef), resolved from the connector's scope as
-- secret-usage.ts resolves them: "account.x", "org.x", or "x" of the connector's own scope.
INSERT INTO connector_secrets (secret_key, scope_key, identifier)
SELECT DISTINCT resolved.key, resolved.scope_key, resolved.identifier
FROM (
  SELECT scope_key, identifier, CASE
    WHEN ref LIKE 'account.%' THEN split_part(scope_key, '/', 1) || '///' || substr(ref, 9)
    WHEN ref LIKE 'org.%' AND split_part(scope_key, '/', 2) <> ''
      THEN split_part(scope_key, '/', 1) || '/' || split_part(scope_key, '/', 2) || '//' || substr(ref, 5)
    WHEN ref LIKE 'org.%' THEN NULL
    ELSE scope_key || '/' || ref
  END AS key
  FROM connectors,
    LATERAL (VALUES (btrim(connector->'spec'->'auth'->'spec'->>'usernameRef')),
                    (btrim(connector->'spec'->'auth'->'spec'->>'passwordRef'))) AS refs(ref)
  WHERE connector->'spec'->'auth'->>'type' = 'UsernamePassword' AND ref IS NOT NULL AND ref <> ''
) AS resolved
WHERE resolved.key IS NOT NULL;
ALTER TABLE connector_secrets ADD PRIMARY KEY (secret_key, scope_key, identifier);
ALTER TABLE connector_secrets ADD FOREIGN KEY (scope_key, identifier)
  REFERENCES connectors (scope_key, identifier) ON DELETE CASCADE;
CREATE INDEX connector_secrets_by_connector ON connector_secrets (scope_key, identifier);
`,
}
