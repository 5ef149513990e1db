import { Hono } from 'hono'
import type { Context } from 'hono'
import type { z } from 'zod/mini'
import {
  DELEGATE_API_PREFIX,
  delegateIdSchema,
  eventsRequestSchema,
  pollRequestSchema,
  registerRequestSchema,
  resultRequestSchema,
} from '../delegate-agent/agent-protocol'
import { limitBody } from './body-rules'
import type { AgentSide, DelegateCaller } from './delegate-agent-side'
import { NO_VALID_TOKEN, type Answer } from './delegate-refusals'
import { harnessError } from './security'

/**
 * The delegates' side of the server (agent-protocol.ts), under /delegate-api/v1. Every request
 * needs a delegate token (`Authorization: Bearer …`): without a valid one the answer is 401 and
 * nothing else, before any of the body is read. Bodies are JSON, parsed by the protocol's
 * schemas, at most 1 MiB (Hono's body limit): a longer one is refused by its Content-Length
 * unread, or, sent without one, at its first MiB.
 * A call about a delegate another token registered is refused (403), and changes nothing.
 */

const MAX_BODY_BYTES = 1024 * 1024
/** A poll waits this long for work before it answers empty (under common proxies' idle limits). */
export const POLL_WAIT_MS = 20_000

type Env = { Variables: { caller: DelegateCaller } }

/** The body, within MAX_BODY_BYTES (`limitBody`, after the token check, has seen to it). */
async function body<T extends z.ZodMiniType>(c: Context, schema: T): Promise<z.output<T> | Response> {
  const text = await c.req.text()
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return harnessError(400, 'INVALID_REQUEST', 'The request body is not JSON.')
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) return harnessError(400, 'INVALID_REQUEST', 'The request does not match the delegate protocol.')
  return parsed.data
}

function reply<T>(c: Context, answer: Answer<T>, value: (ok: T) => unknown = (ok) => ok): Response {
  if (!answer.ok) return harnessError(answer.refusal.status, answer.refusal.code, answer.refusal.message)
  return c.json(value(answer.value) as object)
}

export function createDelegateRoutes(
  agents: AgentSide,
  options: { pollWaitMs?: number } = {},
): { fetch: (request: Request) => Response | Promise<Response> } {
  const pollWaitMs = options.pollWaitMs ?? POLL_WAIT_MS
  const app = new Hono<Env>().basePath(DELEGATE_API_PREFIX)
  // Failures go to the server's own handler (app.ts): logged with a request id, a database away as 503.
  app.onError((error) => {
    throw error
  })

  app.use('*', async (c, next) => {
    const header = c.req.header('Authorization') ?? ''
    const value = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : ''
    const answer: Answer<DelegateCaller> = value ? await agents.authenticate(value) : NO_VALID_TOKEN
    if (!answer.ok) {
      const refusal = harnessError(answer.refusal.status, answer.refusal.code, answer.refusal.message)
      // The body is not wanted: the connection is not reused, so the rest of it is never read.
      if (c.req.raw.body) refusal.headers.set('Connection', 'close')
      return refusal
    }
    const caller = answer.value
    c.set('caller', caller)
    c.header('Cache-Control', 'no-store')
    await next()
  })
  // Only now, for a delegate whose token is valid, is the body read, and no further than its limit.
  app.use('*', limitBody(MAX_BODY_BYTES))

  app.post('/register', async (c) => {
    const request = await body(c, registerRequestSchema)
    if (request instanceof Response) return request
    return reply(c, await agents.register(c.get('caller'), request))
  })

  app.post('/heartbeat', async (c) => {
    const request = await body(c, delegateIdSchema)
    if (request instanceof Response) return request
    return reply(c, await agents.heartbeat(c.get('caller'), request.delegateId), () => ({ ok: true }))
  })

  app.post('/poll', async (c) => {
    const request = await body(c, pollRequestSchema)
    if (request instanceof Response) return request
    const answer = await agents.poll(
      c.get('caller'),
      request.delegateId,
      request.capacity,
      pollWaitMs,
      c.req.raw.signal,
    )
    return reply(c, answer)
  })

  app.post('/tasks/:taskId/events', async (c) => {
    const request = await body(c, eventsRequestSchema)
    if (request instanceof Response) return request
    return reply(
      c,
      await agents.reportEvents(c.get('caller'), request.delegateId, c.req.param('taskId'), request.events),
    )
  })

  app.post('/tasks/:taskId/result', async (c) => {
    const request = await body(c, resultRequestSchema)
    if (request instanceof Response) return request
    const answer = await agents.reportResult(c.get('caller'), request.delegateId, c.req.param('taskId'), request)
    // Not accepted: the test was already over (cancelled, or ended as lost); the delegate moves on.
    return reply(c, answer, (accepted) => ({ accepted }))
  })

  app.post('/disconnect', async (c) => {
    const request = await body(c, delegateIdSchema)
    if (request instanceof Response) return request
    return reply(c, await agents.disconnect(c.get('caller'), request.delegateId), () => ({ ok: true }))
  })

  return app
}
