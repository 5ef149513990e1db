import type { Migration } from '../sql-migrations'

export const migration: Migration = {
  version: 17,
  name: 'the secrets each connector uses',
  sql: `
-- Which secrets a connector uses, as secret record keys (account/org/project/identifier), computed
-- by the core on every write (backend/secret-usage.ts), so that "used by N connectors" and a
-- refused secret delete are one indexed read instead of reading every connector's JSON.
ALTER TABLE connectors ADD COLUMN secret_keys text[] NOT NULL DEFAULT '{}';
-- Connectors stored before: the references of the one auth method that has any today
-- (UsernamePassword's usernameRef and passwordRef), resolved from the connector's scope as
-- secret-usage.ts resolves them: "account.x", "org.x", or "x" of the connector's own scope.
UPDATE connectors SET secret_keys = coalesce((
  SELECT array_agg(DISTINCT resolved.key)
  FROM (
    SELECT CASE
      WHEN ref LIKE 'account.%' THEN split_part(scope_key, '/', 1) || '///' || substr(ref, 9)
      WHEN ref LIKE 'org.%' AND split_part(scope_key, '/', 2) <> ''
        THEN split_part(scope_key, '/', 1) || '/' || split_part(scope_key, '/', 2) || '//' || substr(ref, 5)
      WHEN ref LIKE 'org.%' THEN NULL
      ELSE scope_key || '/' || ref
    END AS key
    FROM (
      SELECT btrim(connector->'spec'->'auth'->'spec'->>'usernameRef') AS ref
      UNION ALL
      SELECT btrim(connector->'spec'->'auth'->'spec'->>'passwordRef')
    ) AS refs
    WHERE ref IS NOT NULL AND ref <> ''
  ) AS resolved
  WHERE resolved.key IS NOT NULL
), '{}')
WHERE connector->'spec'->'auth'->>'type' = 'UsernamePassword';
CREATE INDEX connectors_by_secret_keys ON connectors USING gin (secret_keys);
`,
}
