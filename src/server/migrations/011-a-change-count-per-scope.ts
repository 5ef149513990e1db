import type { Migration } from '../sql-migrations'

export const migration: Migration = {
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
}
