import type { Migration } from '../sql-migrations'

export const migration: Migration = {
  version: 5,
  name: 'connector tag terms for the tag filter',
  sql: `
-- A connector's tags as lower-cased terms, "key" for every tag and "key:value" for one with a
-- value (a key holds no colon), so that a tag filter is one array containment with an index,
-- instead of reading every connector's JSON once per tag asked for.
ALTER TABLE connectors ADD COLUMN tag_terms text[] NOT NULL DEFAULT '{}';
UPDATE connectors SET tag_terms = coalesce((SELECT array_agg(DISTINCT term) FROM (SELECT lower(key) AS term FROM json_each_text(connector->'tags') UNION ALL SELECT lower(key) || ':' || lower(value) FROM json_each_text(connector->'tags') WHERE value <> '') AS terms), '{}');
CREATE INDEX connectors_by_tag_terms ON connectors USING gin (tag_terms);
`,
}
