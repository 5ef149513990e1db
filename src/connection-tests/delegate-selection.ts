import type { DelegateGroup, TestStage } from '../lib/api-types'
import { failure, type Failure } from './failure'
import { latency, StageLog } from './stage-log'

export const ASSIGN_STAGE_TITLE = 'Assign a delegate'

export type DelegateAssignment = { stage: TestStage; delegate?: DelegateGroup; failure?: Failure }

function tagsOf(delegate: DelegateGroup): string[] {
  return [...delegate.groupImplicitSelectors, ...delegate.groupCustomSelectors].map((tag) => tag.toLowerCase())
}

function shown(delegate: DelegateGroup): string {
  return `${delegate.groupName} (${delegate.groupCustomSelectors.join(', ') || 'no tags'})`
}

function ago(now: number, then: number): string {
  const minutes = Math.max(0, Math.round((now - then) / 60_000))
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.round(minutes / 60)
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`
}

/** Selectors as Harness compares them: trimmed, case-insensitive, blanks and repeats dropped. */
export function normalizeSelectors(selectors: readonly unknown[]): string[] {
  const cleaned = selectors.map((selector) => String(selector).trim().toLowerCase()).filter(Boolean)
  return [...new Set(cleaned)]
}

/**
 * Harness hands a task only to a connected delegate that has every selector of the connector
 * (its name counts as one). The first eligible delegate in the given order gets it, so the
 * same world always picks the same delegate.
 */
export function assignDelegate(
  selectors: readonly string[],
  delegates: readonly DelegateGroup[],
  now: number,
): DelegateAssignment {
  const stage = new StageLog(ASSIGN_STAGE_TITLE)
  const missing = (delegate: DelegateGroup) => selectors.filter((tag) => !tagsOf(delegate).includes(tag))
  stage.note(
    selectors.length
      ? `Delegate selectors: ${selectors.join(', ')} (a delegate needs all of them)`
      : 'Delegate selectors: none, so any connected delegate can run the task',
  )
  for (const delegate of delegates) {
    const lacks = missing(delegate)
    const state = delegate.activelyConnected
      ? 'connected'
      : `disconnected, last heartbeat ${ago(now, delegate.lastHeartBeat)}`
    const verdict = !delegate.activelyConnected ? 'skipped' : lacks.length ? `lacks ${lacks.join(', ')}` : 'eligible'
    stage.note(`${shown(delegate)}: ${state}, ${verdict}`)
  }
  const chosen = delegates.find((delegate) => delegate.activelyConnected && missing(delegate).length === 0)
  const ms = latency(`assign:${selectors.join(',')}:${chosen?.groupName ?? ''}`, 120, 420)
  if (chosen) {
    stage.note(`Task assigned to ${chosen.groupName}`, ms)
    return { stage: stage.finish('passed'), delegate: chosen }
  }
  stage.note('No eligible delegate: the task was not sent', ms)
  return { stage: stage.finish('failed'), failure: noDelegateFailure(selectors, delegates, now, missing) }
}

function noDelegateFailure(
  selectors: readonly string[],
  delegates: readonly DelegateGroup[],
  now: number,
  missing: (delegate: DelegateGroup) => string[],
): Failure {
  const connected = delegates.filter((delegate) => delegate.activelyConnected)
  const sleeping = delegates.filter((delegate) => !delegate.activelyConnected && missing(delegate).length === 0)
  const explanations: string[] = []
  const hints: string[] = []
  if (!connected.length) {
    explanations.push('No delegate that may take this test is connected.')
    hints.push(
      delegates.length
        ? `Start one of ${delegates.map((delegate) => delegate.groupName).join(', ')} or install a new delegate, then retry.`
        : 'Install a delegate, then retry.',
    )
  } else {
    explanations.push(`No connected delegate has all of the tags ${selectors.join(', ')}.`)
    explanations.push('INTERNAL: No eligible delegate(s) in account to execute task. No matching selector(s)')
    const unknown = selectors.filter((tag) => connected.every((delegate) => missing(delegate).includes(tag)))
    hints.push(`Connected delegates: ${connected.map(shown).join('; ')}.`)
    hints.push(
      unknown.length
        ? `Remove the tag${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} from the connector's delegate tags, or choose Use any available Delegate.`
        : `No single connected delegate has all of ${selectors.join(', ')}: keep only tags that one delegate has, or choose Use any available Delegate.`,
    )
  }
  for (const delegate of sleeping) {
    explanations.push(
      `${delegate.groupName} matches but is disconnected (last heartbeat ${ago(now, delegate.lastHeartBeat)}).`,
    )
    hints.push(`Or bring ${delegate.groupName} back online: it has every tag this connector asks for.`)
  }
  const wanted = selectors.length ? `selectors [${selectors.join(', ')}]` : 'any delegate'
  return failure(
    'NO_DELEGATE',
    `No eligible delegates could perform the required capabilities for this task: ${wanted}`,
    { hints, explanations },
  )
}
