import type { DelegateGroup, DelegateToken, TestConnectionEvent, TestStartedBy } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import type { AuditDraft } from './audit/audit-event'
import type { AuditDescriber } from './audit/store-change'

/** Who asked for a test, kept with its task: the test's audit event is written when it ends. */
export type TestRequester = { startedBy: TestStartedBy; clientAddress: string }

/**
 * Real connection tests: the core hands a test to a delegate through this, and reads back what
 * the delegate did. The server implements it over its database (any number of servers sharing
 * one PostgreSQL can start, stream, cancel and finish a test); the demo has none and plays tests
 * on the simulator instead.
 */
export type DelegateDispatch = {
  /**
   * The delegates as the Delegates Setup step and the delegates page show them at a scope: those
   * that can take its tests (Harness's "up the hierarchy": the built-in one, and those whose token
   * belongs to the scope or one above it).
   */
  delegates(scope: Scope): Promise<DelegateGroup[]>
  /**
   * Queues a test of the connector for a connected delegate that has every selector. Answers the
   * task's id at once; a test no delegate can take is already finished (no eligible delegate).
   */
  startTest(scope: Scope, identifier: string, selectors: readonly string[], requester?: TestRequester): Promise<string>
  /**
   * The task's events from its first, as they happen, ending with `result`; undefined for an
   * unknown task. Stops early when `signal` aborts (the test goes on without the reader).
   */
  events(taskId: string, signal: AbortSignal): Promise<AsyncIterable<TestConnectionEvent> | undefined>
  /**
   * Asks the delegate to stop; the test ends as cancelled and stores no result. False when unknown
   * or over. With `audit`, the cancel's event (who, and the delegate that had the test) is appended
   * in the cancel's own write.
   */
  cancel(taskId: string, audit?: AuditDescriber): Promise<boolean>
  /** The scope of the connector a task tests, undefined for an unknown task: a task is read only in its own scope. */
  taskScope(taskId: string): Promise<Scope | undefined>
  /** The tests still queued or running for these connectors, by identifier. */
  openTests(scope: Scope, identifiers: readonly string[]): Promise<Map<string, string>>

  /**
   * Tokens a delegate started elsewhere presents; a value is shown once, when created. A token
   * belongs to a scope: listed and revoked there only, its delegates take the tests of that scope
   * and below. Names are unique across scopes (undefined: the name is taken).
   */
  listTokens(scope: Scope): Promise<DelegateToken[]>
  /**
   * With `event`, the change's audit event is appended in the token's own write. `expiresAt`
   * (epoch ms; none: never) is taken as given: the route refuses one in the past.
   */
  createToken(
    scope: Scope,
    name: string,
    event?: AuditDraft,
    expiresAt?: number,
  ): Promise<{ token: DelegateToken; value: string; serverUrl?: string } | undefined>
  /** False when this scope has no live token of that name (another scope's is unknown here). */
  revokeToken(scope: Scope, name: string, event?: AuditDraft): Promise<boolean>
  /**
   * Removes a delegate none of whose processes is connected from the list at this scope, with
   * `event` in the same write; the built-in delegate never (issue 21).
   */
  removeDelegate(
    scope: Scope,
    name: string,
    event?: AuditDraft,
  ): Promise<'removed' | 'connected' | 'built-in' | 'unknown'>
}
