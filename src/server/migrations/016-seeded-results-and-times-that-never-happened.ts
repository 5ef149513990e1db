import type { Migration } from '../sql-migrations'

export const migration: Migration = {
  version: 16,
  name: 'seeded results and times that never happened',
  sql: `
-- Before issue 19 a real server's first start wrote, at seeded_at, a connector docker_hub_public in
-- acme/default/payments with a connection test that never ran ("Success", 4 minutes before the
-- database existed) and a creation 3 days before, and two sample pipelines created 2 and 6 days
-- before, updated 3 hours and 1 day before. Each of those values goes, and only it: it is known
-- by its exact offset from seeded_at, row and field one by one, so a test run since, an edit, or
-- anything a user made keeps what it has. The times become seeded_at, when the rows were made;
-- the result becomes "not tested" (the seed wrote no history). Offsets in ms, written out: a
-- migration never changes with the code.
--
-- The simulated world (--simulated-world) keeps its sample data: its seed is the only writer of
-- delegate_groups (the demo's delegates). There the made-up result and times that are still as
-- seeded are marked as sample data instead, as its seed now writes them.
CREATE TEMPORARY TABLE seed_016 ON COMMIT DROP AS
SELECT value::bigint AS at, EXISTS (SELECT 1 FROM delegate_groups) AS simulated
  FROM meta WHERE key = 'seeded_at' AND value ~ '^[0-9]{1,15}$';

-- The result that no test produced, while it is still the connector's.
UPDATE connectors c
   SET status = 'UNKNOWN', last_tested_at = NULL, status_details = '{"status": "UNKNOWN"}'::jsonb,
       search_text = regexp_replace(c.search_text, E'\\nsuccess(\\n|$)', E'\\nnot tested\\\\1')
  FROM seed_016 s
 WHERE NOT s.simulated AND c.scope_key = 'acme/default/payments' AND c.identifier = 'docker_hub_public'
   AND c.status_details = jsonb_build_object('status', 'SUCCESS', 'testedAt', s.at - 240000,
         'lastTestedAt', s.at - 240000, 'lastConnectedAt', s.at - 240000);
-- A real test since failed: its "last connected" was carried over from the made-up one.
UPDATE connectors c SET status_details = c.status_details - 'lastConnectedAt'
  FROM seed_016 s
 WHERE NOT s.simulated AND c.scope_key = 'acme/default/payments' AND c.identifier = 'docker_hub_public'
   AND c.status_details -> 'lastConnectedAt' = to_jsonb(s.at - 240000);
UPDATE connectors c SET created_at = s.at
  FROM seed_016 s
 WHERE NOT s.simulated AND c.scope_key = 'acme/default/payments' AND c.identifier = 'docker_hub_public'
   AND c.created_at = s.at - 259200000;
UPDATE connectors c SET last_modified_at = s.at
  FROM seed_016 s
 WHERE NOT s.simulated AND c.scope_key = 'acme/default/payments' AND c.identifier = 'docker_hub_public'
   AND c.last_modified_at = s.at - 259200000;

UPDATE pipelines p SET created_at = s.at
  FROM seed_016 s
 WHERE NOT s.simulated AND p.scope_key = 'acme/default/payments'
   AND ((p.identifier = 'deploy_payments_api' AND p.created_at = s.at - 172800000)
     OR (p.identifier = 'nightly_checks' AND p.created_at = s.at - 518400000));
UPDATE pipelines p SET last_updated_at = s.at
  FROM seed_016 s
 WHERE NOT s.simulated AND p.scope_key = 'acme/default/payments'
   AND ((p.identifier = 'deploy_payments_api' AND p.last_updated_at = s.at - 10800000)
     OR (p.identifier = 'nightly_checks' AND p.last_updated_at = s.at - 86400000));

-- The simulated world: the same values, while still as seeded, say what they are.
UPDATE connectors c SET status_details = c.status_details || '{"sample": true}'::jsonb
  FROM seed_016 s
 WHERE s.simulated AND c.scope_key = 'acme/default/payments' AND c.identifier = 'docker_hub_public'
   AND c.status_details -> 'testedAt' = to_jsonb(s.at - 240000);
UPDATE pipelines p SET summary = p.summary || '{"sample": true}'::jsonb
  FROM seed_016 s
 WHERE s.simulated AND p.scope_key = 'acme/default/payments' AND p.version = 1
   AND ((p.identifier = 'deploy_payments_api' AND p.last_updated_at = s.at - 10800000)
     OR (p.identifier = 'nightly_checks' AND p.last_updated_at = s.at - 86400000));
`,
}
