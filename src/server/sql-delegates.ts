import type { DelegateGroup, DelegateInstance } from '../lib/api-types'
import type { SqlClient, SqlQueryable } from './sql-client'
import { tokenAccepted, tokenCovers } from './sql-delegate-tokens'
import { json, num, text } from './sql-rows'

/**
 * The delegates table (migration 3; tokens in sql-delegate-tokens.ts). A delegate is a process:
 * it registers with a token, gets an id, and sends a heartbeat every `HEARTBEAT_INTERVAL_MS`; it counts as
 * connected while its last heartbeat is younger than three intervals. The list groups processes
 * by name, as Harness groups a delegate's replicas.
 */

export const HEARTBEAT_INTERVAL_MS = 10_000
export const MISSED_HEARTBEATS_BEFORE_LOST = 3
export const HEARTBEAT_TIMEOUT_MS = HEARTBEAT_INTERVAL_MS * MISSED_HEARTBEATS_BEFORE_LOST

export type DelegateRegistration = {
  name: string
  tags: readonly string[]
  hostname: string
  maxConcurrency: number
  /** The token's name, or undefined for the server's own (embedded) delegate. */
  tokenName?: string
}

export type RegisteredDelegate = DelegateRegistration & { id: string; lastHeartbeat: number }

/** The name only the server's own delegate registers under (compared lower-cased, as selectors are). */
export const BUILT_IN_DELEGATE_NAME = 'local'

/** A delegate's implicit selector is its own name; tags are compared lower-cased. */
export function selectorsOf(name: string, tags: readonly string[]): string[] {
  return [...new Set([name, ...tags].map((tag) => tag.trim().toLowerCase()).filter(Boolean))]
}

/**
 * SQL that is true when delegate `$id` registered with the token hashed `$hash`, is connected,
 * and its token is accepted at `now` (not revoked, not expired; the built-in delegate's has no
 * row to revoke).
 */
export function delegateIsLive(id: string, hash: string, now: string): string {
  return `EXISTS (SELECT 1 FROM delegates d
                   WHERE d.id = ${id} AND d.token_hash = ${hash} AND d.disconnected_at IS NULL
                     AND (d.token_name IS NULL OR EXISTS (
                       SELECT 1 FROM delegate_tokens k WHERE k.name = d.token_name AND ${tokenAccepted('k', now)})))`
}

/** SQL that is true when delegate row `d`'s token expired by `now`: it counts as disconnected, as a revoked one's does. */
function tokenExpired(d: string, now: string): string {
  return `EXISTS (SELECT 1 FROM delegate_tokens k WHERE k.name = ${d}.token_name AND k.expires_at <= ${now}::bigint)`
}

/**
 * SQL that is true when delegate row `d` may take a test of a connector at scope key `scope`:
 * its token's scope holds it (tokenCovers). The built-in delegate has no token and serves the
 * whole account, as the server does.
 */
export function takesScope(d: string, scope: string): string {
  return `(${d}.token_name IS NULL OR EXISTS (
            SELECT 1 FROM delegate_tokens k WHERE k.name = ${d}.token_name AND ${tokenCovers('k.scope_key', scope)}))`
}

export type Registered =
  | { ok: true }
  | { ok: false; refusal: 'name-taken' }
  | { ok: false; refusal: 'tag'; tag: string }

/**
 * Registers a delegate process under its token, in one transaction with the name's owner: a name
 * belongs to the first token that registered it until that token is revoked or expires. A tag may
 * not be another delegate's name (`local`, or a name another accepted token owns): selectors name delegates
 * by name, and a tag must not answer for one.
 */
export async function registerDelegate(
  db: SqlClient,
  id: string,
  registration: DelegateRegistration & { tokenHash: string },
  now: number,
): Promise<Registered> {
  const tags = selectorsOf(registration.name, registration.tags).filter(
    (tag) => tag !== registration.name.toLowerCase(),
  )
  return db.transaction(async (tx) => {
    if (registration.tokenName !== undefined) {
      const reserved = tags.find((tag) => tag === BUILT_IN_DELEGATE_NAME)
      if (reserved) return { ok: false, refusal: 'tag', tag: reserved }
      const named = await tx.query(
        `SELECT n.name_key FROM delegate_names n JOIN delegate_tokens k ON k.name = n.token_name
          WHERE n.name_key = ANY($1::text[]) AND ${tokenAccepted('k', '$3')} AND n.token_name <> $2
          ORDER BY n.name_key LIMIT 1`,
        [tags, registration.tokenName, now],
      )
      if (named[0]) return { ok: false, refusal: 'tag', tag: text(named[0].name_key) }
      const owner = await tx.query(
        `INSERT INTO delegate_names AS owner (name_key, token_name) VALUES ($1, $2)
         ON CONFLICT (name_key) DO UPDATE SET token_name = EXCLUDED.token_name
          WHERE owner.token_name = EXCLUDED.token_name
             OR NOT EXISTS (SELECT 1 FROM delegate_tokens k WHERE k.name = owner.token_name AND ${tokenAccepted('k', '$3')})
         RETURNING token_name`,
        [registration.name.toLowerCase(), registration.tokenName, now],
      )
      if (!owner.length) return { ok: false, refusal: 'name-taken' }
    }
    await tx.query(
      `INSERT INTO delegates (id, name, tags, token_name, token_hash, hostname, max_concurrency, registered_at,
                              last_heartbeat)
       VALUES ($1, $2, $3::text::jsonb, $4, $5, $6, $7, $8, $8)`,
      [
        id,
        registration.name,
        JSON.stringify(tags),
        registration.tokenName ?? null,
        registration.tokenHash,
        registration.hostname,
        registration.maxConcurrency,
        now,
      ],
    )
    return { ok: true }
  })
}

/** Answers the delegate, or undefined when it is not this token's, unknown or disconnected. */
export async function heartbeat(
  db: SqlQueryable,
  id: string,
  tokenHash: string,
  now: number,
): Promise<RegisteredDelegate | undefined> {
  const rows = await db.query(
    `UPDATE delegates SET last_heartbeat = $2 WHERE id = $1 AND token_hash = $3 AND disconnected_at IS NULL
     RETURNING id, name, tags, token_name, hostname, max_concurrency, last_heartbeat`,
    [id, now, tokenHash],
  )
  const row = rows[0]
  return row ? delegateOf(row) : undefined
}

/**
 * Whose delegate `id` is, for a caller presenting the token hashed `tokenHash`: its own, another
 * token's, or unknown (never registered, or registered before tokens were kept: it registers again).
 */
export async function ownership(
  db: SqlQueryable,
  id: string,
  tokenHash: string,
): Promise<'yours' | 'not-yours' | 'unknown'> {
  const rows = await db.query('SELECT token_hash FROM delegates WHERE id = $1', [id])
  const stored = rows[0]?.token_hash
  if (typeof stored !== 'string') return 'unknown'
  return stored === tokenHash ? 'yours' : 'not-yours'
}

/** Answers whether this token's delegate was connected (and is not any more). */
export async function disconnectDelegate(db: SqlQueryable, id: string, tokenHash: string, now: number) {
  const rows = await db.query(
    'UPDATE delegates SET disconnected_at = $2 WHERE id = $1 AND token_hash = $3 AND disconnected_at IS NULL RETURNING id',
    [id, now, tokenHash],
  )
  return rows.length > 0
}

function delegateOf(row: Record<string, unknown>): RegisteredDelegate {
  return {
    id: text(row.id),
    name: text(row.name),
    tags: json<string[]>(row.tags),
    hostname: text(row.hostname),
    maxConcurrency: num(row.max_concurrency),
    lastHeartbeat: num(row.last_heartbeat),
    ...(row.token_name == null ? {} : { tokenName: text(row.token_name) }),
  }
}

export function isConnected(lastHeartbeat: number, disconnectedAt: unknown, now: number): boolean {
  return disconnectedAt == null && now - lastHeartbeat < HEARTBEAT_TIMEOUT_MS
}

/**
 * Connected delegates that may take a test at scope key `scope` (their token's scope holds it),
 * as `assignDelegate` reads them: enough to tell whether one can take the test.
 */
export async function connectedDelegateGroups(db: SqlQueryable, now: number, scope: string): Promise<DelegateGroup[]> {
  const rows = await db.query(
    `SELECT DISTINCT ON (name) name, tags, last_heartbeat FROM delegates d
      WHERE disconnected_at IS NULL AND last_heartbeat > $1 AND ${takesScope('d', '$2::text')}
        AND NOT ${tokenExpired('d', '$3')}
      ORDER BY name, last_heartbeat DESC`,
    [now - HEARTBEAT_TIMEOUT_MS, scope, now],
  )
  return rows.map((row) => ({
    delegateGroupIdentifier: text(row.name),
    groupName: text(row.name),
    groupImplicitSelectors: [text(row.name).toLowerCase()],
    groupCustomSelectors: json<string[]>(row.tags),
    activelyConnected: true,
    lastHeartBeat: num(row.last_heartbeat),
  }))
}

/**
 * The delegate groups: one per name, connected when any of its processes is, its tags those of
 * its newest process. Processes gone for a day are left out. With `scope`, only those that may
 * take a test there (a test's explanation of why none can names no delegate that never could).
 */
export async function listDelegateGroups(db: SqlQueryable, now: number, scope?: string): Promise<DelegateGroup[]> {
  const rows = await db.query(
    `SELECT d.id, d.name, d.tags, d.hostname, d.max_concurrency, d.last_heartbeat, d.disconnected_at,
            (SELECT count(*) FROM test_tasks t WHERE t.delegate_id = d.id AND t.state = 'running') AS running,
            ${tokenExpired('d', '$3')} AS token_expired
       FROM delegates d
      WHERE d.last_heartbeat > $1 AND ($2::text IS NULL OR ${takesScope('d', '$2::text')})
      ORDER BY d.name, d.last_heartbeat DESC`,
    [now - 24 * 3_600_000, scope ?? null, now],
  )
  const groups = new Map<string, DelegateGroup & { instances: DelegateInstance[] }>()
  for (const row of rows) {
    const name = text(row.name)
    const lastHeartBeat = num(row.last_heartbeat)
    // Its token expired: its next call is refused, so it takes no test from now on.
    const connected = row.token_expired !== true && isConnected(lastHeartBeat, row.disconnected_at, now)
    const instance: DelegateInstance = {
      hostname: text(row.hostname),
      connected,
      lastHeartBeat,
      maxConcurrency: num(row.max_concurrency),
      runningTests: num(row.running),
    }
    const group = groups.get(name)
    if (group) {
      group.instances.push(instance)
      group.activelyConnected ||= connected
      group.lastHeartBeat = Math.max(group.lastHeartBeat, lastHeartBeat)
      continue
    }
    groups.set(name, {
      delegateGroupIdentifier: name,
      groupName: name,
      groupImplicitSelectors: [name.toLowerCase()],
      groupCustomSelectors: json<string[]>(row.tags),
      activelyConnected: connected,
      lastHeartBeat,
      instances: [instance],
    })
  }
  // A group's disconnected processes from before a restart only clutter it once one is back.
  for (const group of groups.values()) {
    if (group.activelyConnected) group.instances = group.instances.filter((instance) => instance.connected)
  }
  return [...groups.values()]
}

export type Removal = 'removed' | 'connected' | 'built-in' | 'unknown'

/**
 * Removes a delegate from the list at scope key `scope`: all its processes, in one statement, when
 * none is connected. The server's own delegate is never removed. A removed delegate that comes
 * back registers again and is listed again, as a new one.
 */
export async function removeDelegate(db: SqlQueryable, name: string, scope: string, now: number): Promise<Removal> {
  const rows = await db.query(
    `WITH found AS (
       SELECT id, token_name, last_heartbeat, disconnected_at, ${tokenExpired('d', '$4')} AS token_expired
         FROM delegates d
        WHERE lower(d.name) = lower($1) AND ${takesScope('d', '$2::text')}
     ), blocked AS (
       SELECT 1 FROM found
        WHERE token_name IS NULL OR (disconnected_at IS NULL AND last_heartbeat > $3 AND NOT token_expired)
     ), removed AS (
       DELETE FROM delegates WHERE id IN (SELECT id FROM found) AND NOT EXISTS (SELECT 1 FROM blocked) RETURNING id
     )
     SELECT (SELECT count(*) FROM found) AS found,
            (SELECT count(*) FROM found WHERE token_name IS NULL) AS built_in,
            (SELECT count(*) FROM removed) AS removed`,
    [name, scope, now - HEARTBEAT_TIMEOUT_MS, now],
  )
  const row = rows[0] ?? {}
  if (num(row.removed) > 0) return 'removed'
  if (num(row.found) === 0) return 'unknown'
  return num(row.built_in) > 0 ? 'built-in' : 'connected'
}
