import type { HeldByDelegate, ResolvedSecret, SimulationPlan } from '../connection-tests/test-plan'
import { secretReferencesToResolve } from '../connector-types/auth-methods'
import type {
  ConnectorConnectivityDetails,
  ConnectorValidationResult,
  TestConnectionEvent,
  TestStartedBy,
} from '../lib/api-types'
import type { Scope } from '../lib/scope'
import type { Principal } from './access/principal'
import { ok } from './api-responses'
import type { AuditDescriber } from './audit/store-change'
import { connectorNotFound } from './connector-handlers'
import { delegateTaskRoutes, NDJSON_HEADERS, testOnDelegate, wantsStream } from './delegate-test-routes'
import type { HandlerContext } from './handler-context'
import { sleep } from './latency'
import type { StoredConnector } from './records'
import { connectorSearchText } from './records'
import type { Route } from './router'
import { scopedRoute } from './scoped-route'
import { heldSecretOf, resolveSecretReference } from './secret-reference-rules'
import type { DataStore } from './store'

/**
 * POST /ng/api/connectors/testConnection/{identifier}: runs the simulated delegate and keeps
 * the outcome as the connector's connectivity status, and in its test history with its duration
 * (test-history-handlers.ts). A client that asks for application/x-ndjson sees each stage as it
 * happens and can cancel; a cancelled test stores nothing, as if it had never been started.
 */

/**
 * The simulator is a pure function, so the secrets the connector names are looked up first,
 * as the manager resolves them before it hands a task to a delegate.
 */
async function planFor(
  context: HandlerContext,
  store: DataStore,
  record: StoredConnector,
  scope: Scope,
): Promise<SimulationPlan> {
  const secrets = new Map<string, ResolvedSecret | HeldByDelegate>()
  for (const reference of secretReferencesToResolve(record.connector.spec)) {
    const secret = await resolveSecretReference(store, reference, scope)
    if (!secret) continue
    const { identifier } = secret.secret
    // A secret the delegate holds goes as where it is; the simulated delegates read it (decision 028).
    const held = heldSecretOf(secret.secret)
    secrets.set(
      reference,
      held ? { identifier, held } : { identifier, value: secret.value, updatedAt: secret.updatedAt },
    )
  }
  return context.simulate({
    connector: record.connector,
    resolveSecret: (reference) => secrets.get(reference),
    delegates: await store.delegates(),
    now: store.now(),
  })
}

async function finish(
  store: DataStore,
  scope: Scope,
  identifier: string,
  plan: SimulationPlan,
  startedBy: TestStartedBy,
): Promise<ConnectorValidationResult> {
  const result: ConnectorValidationResult = {
    ...plan.result,
    startedBy,
    delegateId: plan.result.delegateId ?? plan.delegate?.id,
    delegateName: plan.result.delegateName ?? plan.delegate?.name,
    stages: plan.stages,
    testedAt: store.now(),
  }
  await recordTestOutcome(store, scope, identifier, result)
  return result
}

/**
 * Keeps a finished test as the connector's connectivity status and in its history, with the
 * duration the delegate reports (the sum of its stages, as the stage log shows them). The result
 * is stored as answered, its secrets masked by the delegate. The connector may have been deleted
 * while its test ran; then there is nothing to update.
 */
export async function recordTestOutcome(
  store: DataStore,
  scope: Scope,
  identifier: string,
  result: ConnectorValidationResult,
  audit?: AuditDescriber,
): Promise<void> {
  const current = await store.getConnector(scope, identifier)
  if (!current) return
  const testedAt = result.testedAt
  // A sample result's last connection never happened: a failure does not carry it on.
  const lastConnectedAt =
    result.status === 'SUCCESS' ? testedAt : current.status.sample ? undefined : current.status.lastConnectedAt
  const status: ConnectorConnectivityDetails = {
    status: result.status,
    testedAt,
    lastTestedAt: testedAt,
    ...(lastConnectedAt === undefined ? {} : { lastConnectedAt }),
  }
  if (result.errorSummary) status.errorSummary = result.errorSummary
  if (result.errors) status.errors = result.errors
  await store.recordConnectorStatus(scope, identifier, status, connectorSearchText(current.connector, status))
  const durationMs = result.stages.reduce((sum, stage) => sum + stage.durationMs, 0)
  // The test's audit event: with the audited store of a request, or `audit` for a test that a
  // delegate ends after its request is gone.
  await store.recordTestResult(scope, identifier, { ...result, durationMs }, audit)
}

/** Who starts a test, as its result and the audit trail name them. */
export function startedByOf(principal: Principal): TestStartedBy {
  return { type: principal.type, identifier: principal.identifier, name: principal.name }
}

export type StreamStep = { waitMs: number; event: () => TestConnectionEvent | Promise<TestConnectionEvent> }

function streamSteps(
  context: HandlerContext,
  store: DataStore,
  scope: Scope,
  identifier: string,
  plan: SimulationPlan,
  startedBy: TestStartedBy,
): StreamStep[] {
  const steps: StreamStep[] = [
    { waitMs: 0, event: () => ({ type: 'plan', stages: plan.planned ?? plan.stages.map((stage) => stage.title) }) },
    {
      waitMs: 0,
      event: () => ({ type: 'delegate', delegateId: plan.delegate?.id, delegateName: plan.delegate?.name }),
    },
  ]
  plan.stages.forEach((stage, index) => {
    steps.push({ waitMs: 0, event: () => ({ type: 'stage-started', index, title: stage.title }) })
    steps.push({
      waitMs: context.latency.scale(stage.durationMs),
      event: () => ({ type: 'stage-finished', index, stage }),
    })
  })
  steps.push({
    waitMs: 0,
    event: async () => ({ type: 'result', result: await finish(store, scope, identifier, plan, startedBy) }),
  })
  return steps
}

export function eventStream(steps: StreamStep[], requestSignal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const stop = new AbortController()
  const onAbort = () => stop.abort()
  requestSignal.addEventListener('abort', onAbort, { once: true })
  let next = 0
  // Pull-based: an event is produced only when the reader (or a buffer in between, at most an
  // event ahead) asks for it, so a cancel before the last stage ends means no result is stored.
  // Under msw/node the body is one branch of a tee, whose cancel never reaches `cancel()`;
  // production simply stops there because nobody pulls any more.
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const step = steps[next++]
        if (!step || stop.signal.aborted) return
        await sleep(step.waitMs, stop.signal)
        if (stop.signal.aborted) return
        const event = await step.event()
        if (stop.signal.aborted) return
        controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`))
        if (next === steps.length) {
          requestSignal.removeEventListener('abort', onAbort)
          controller.close()
        }
      },
      cancel() {
        stop.abort()
        requestSignal.removeEventListener('abort', onAbort)
      },
    },
    { highWaterMark: 0 },
  )
}

export function testConnectionRoutes(context: HandlerContext): Route[] {
  const { dispatch } = context
  return [
    scopedRoute(
      context,
      'POST',
      '/ng/api/connectors/testConnection/:identifier',
      async ({ request, params, scope, store, access }) => {
        const identifier = params.identifier ?? ''
        const record = await store.getConnector(scope, identifier)
        if (!record) return connectorNotFound(identifier, scope)
        const startedBy = startedByOf(access.principal)
        if (dispatch) {
          // The delegate ends the test after this request may be gone: the task keeps who asked.
          const requester = context.recordAudit
            ? { startedBy, clientAddress: context.clientAddress(request) }
            : undefined
          return testOnDelegate(dispatch, request, scope, record, requester)
        }
        const plan = await planFor(context, store, record, scope)

        if (wantsStream(request)) {
          const stream = eventStream(streamSteps(context, store, scope, identifier, plan, startedBy), request.signal)
          return new Response(stream, { headers: NDJSON_HEADERS })
        }

        const totalMs = plan.stages.reduce((sum, stage) => sum + stage.durationMs, 0)
        await sleep(context.latency.scale(totalMs), request.signal)
        if (request.signal.aborted) return new Response(null, { status: 499 })
        return ok(await finish(store, scope, identifier, plan, startedBy))
      },
    ),
    ...(dispatch ? delegateTaskRoutes(context, dispatch) : []),
  ]
}
