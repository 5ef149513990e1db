import type { Migration } from '../sql-migrations'

export const migration: Migration = {
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
}
