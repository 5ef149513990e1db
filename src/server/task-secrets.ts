import { failureOutcome, secretUnreadable } from '../backend/delegate-outcomes'
import { scopeOfKey } from '../backend/records'
import { heldSecretOf, resolveSecretReference } from '../backend/secret-reference-rules'
import type { HeldSecret } from '../connection-tests/delegate-held'
import { secretReferencesToResolve } from '../connector-types/auth-methods'
import type { ClaimedTask } from '../delegate-agent/agent-protocol'
import * as tasks from './sql-test-tasks'
import type { TaskBook } from './task-book'

/**
 * A claimed task as the delegate receives it: the connector as stored, and the values of the
 * secrets it names (the task row never has them). A connector deleted since the test started
 * cancels the task; a secret this server cannot decrypt ends it as a failure that says why,
 * rather than an error after the claim that leaves the test to time out.
 */
export async function secretsForTask(
  book: Pick<TaskBook, 'store' | 'now' | 'relaxed' | 'finishWith' | 'stagesOf'>,
  task: tasks.TaskRow,
  logError: (message: string) => void = (message) => console.error(message),
): Promise<ClaimedTask | undefined> {
  const { store, now, relaxed, finishWith, stagesOf } = book
  const scope = scopeOfKey(task.scopeKey)
  const record = await store.getConnector(scope, task.identifier)
  if (!record) {
    await relaxed((tx) => tasks.markCancelled(tx, task.id, now()))
    return undefined
  }
  const secrets: Record<string, string> = {}
  const held: Record<string, HeldSecret> = {}
  for (const reference of secretReferencesToResolve(record.connector.spec)) {
    try {
      const secret = await resolveSecretReference(store, reference, scope)
      // A secret the delegate holds goes as where the delegate reads it: the server has no value.
      const heldBy = secret && heldSecretOf(secret.secret)
      if (heldBy) held[reference] = heldBy
      else if (secret) secrets[reference] = secret.value
    } catch (error) {
      logError(`[server] ${error instanceof Error ? error.message : String(error)}`)
      await finishWith(task, {
        ...failureOutcome(secretUnreadable(reference)),
        ...(task.delegateName ? { delegateId: task.delegateName, delegateName: task.delegateName } : {}),
        stages: stagesOf(task),
        testedAt: now(),
      })
      return undefined
    }
  }
  return { taskId: task.id, connector: record.connector, secrets, ...(Object.keys(held).length ? { held } : {}) }
}
