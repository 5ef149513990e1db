import type { Migration } from '../sql-migrations'

export const migration: Migration = {
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
}
