import type { Migration } from '../sql-migrations'

export const migration: Migration = {
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
}
