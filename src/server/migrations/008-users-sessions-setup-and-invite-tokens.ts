import type { Migration } from '../sql-migrations'

export const migration: Migration = {
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
}
