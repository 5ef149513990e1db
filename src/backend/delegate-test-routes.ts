import type { ConnectorValidationResult, TestConnectionEvent } from '../lib/api-types'
import { sameScope } from '../lib/scope'
import type { Scope } from '../lib/scope'
import { errorResponse, ok } from './api-responses'
import type { DelegateDispatch, TestRequester } from './delegate-dispatch'
import type { HandlerContext } from './handler-context'
import type { StoredConnector } from './records'
import type { Route } from './router'
import { scopedRoute } from './scoped-route'

/**
 * Connection tests on real delegates. POST testConnection/{identifier} queues the test as a task
 * and, for a client that asks for application/x-ndjson, streams its events from the first (a
 * `task` event with its id) to the result. The test belongs to the server, not to the request:
 * a reader that goes away (a reload) leaves it running, and GET …/testConnection/tasks/{id} reads
 * it again from the start; only POST …/tasks/{id}/cancel stops it.
 */

// X-Accel-Buffering: a reverse proxy (nginx) passes each event on at once instead of holding it.
export const NDJSON_HEADERS = {
  'Content-Type': 'application/x-ndjson',
  'Cache-Control': 'no-store',
  'X-Accel-Buffering': 'no',
}

function taskNotFound(taskId: string): Response {
  return errorResponse(404, 'RESOURCE_NOT_FOUND_EXCEPTION', `No connection test ${taskId}; it may be over for a day.`)
}

function ndjson(events: AsyncIterable<TestConnectionEvent>): Response {
  const encoder = new TextEncoder()
  const iterator = events[Symbol.asyncIterator]()
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await iterator.next()
        if (next.done) controller.close()
        else controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`))
      },
      async cancel() {
        await iterator.return?.()
      },
    },
    { highWaterMark: 0 },
  )
  return new Response(stream, { headers: NDJSON_HEADERS })
}

async function resultOf(events: AsyncIterable<TestConnectionEvent>): Promise<ConnectorValidationResult | undefined> {
  for await (const event of events) if (event.type === 'result') return event.result
  return undefined
}

export function wantsStream(request: Request): boolean {
  return (request.headers.get('Accept') ?? '').includes('application/x-ndjson')
}

async function answer(dispatch: DelegateDispatch, request: Request, taskId: string): Promise<Response> {
  const events = await dispatch.events(taskId, request.signal)
  if (!events) return taskNotFound(taskId)
  if (wantsStream(request)) return ndjson(events)
  const result = await resultOf(events)
  if (!result) {
    return errorResponse(409, 'CONNECTION_TEST_CANCELLED', 'The connection test was cancelled before it finished.')
  }
  return ok(result)
}

/** POST testConnection/{identifier} on real delegates: queue the connector's test, answer its events. */
export async function testOnDelegate(
  dispatch: DelegateDispatch,
  request: Request,
  scope: Scope,
  record: StoredConnector,
  requester?: TestRequester,
): Promise<Response> {
  const { delegateSelectors } = record.connector.spec
  const selectors = Array.isArray(delegateSelectors) ? delegateSelectors.map(String) : []
  const taskId = await dispatch.startTest(scope, record.connector.identifier, selectors, requester)
  return answer(dispatch, request, taskId)
}

async function inScope(dispatch: DelegateDispatch, taskId: string, scope: Scope): Promise<boolean> {
  const taskScope = await dispatch.taskScope(taskId)
  return taskScope !== undefined && sameScope(taskScope, scope)
}

/** Reading a test again (after a reload, from another tab) and cancelling it. */
export function delegateTaskRoutes(context: HandlerContext, dispatch: DelegateDispatch): Route[] {
  return [
    // A task is read and cancelled only in its connector's scope, where the caller's permission was checked.
    scopedRoute(
      context,
      'GET',
      '/ng/api/connectors/testConnection/tasks/:taskId',
      async ({ request, params, scope }) => {
        const taskId = params.taskId ?? ''
        if (!(await inScope(dispatch, taskId, scope))) return taskNotFound(taskId)
        return answer(dispatch, request, taskId)
      },
    ),

    scopedRoute(
      context,
      'POST',
      '/ng/api/connectors/testConnection/tasks/:taskId/cancel',
      async ({ params, scope, audit }) => {
        const taskId = params.taskId ?? ''
        if (!(await inScope(dispatch, taskId, scope))) return taskNotFound(taskId)
        return (await dispatch.cancel(taskId, audit)) ? ok(true) : taskNotFound(taskId)
      },
    ),
  ]
}
