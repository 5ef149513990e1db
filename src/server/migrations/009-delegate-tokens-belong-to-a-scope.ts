import type { Migration } from '../sql-migrations'

export const migration: Migration = {
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
}
