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
import type { AgentSide } from './delegate-agent-side'
import { harnessError } from './security'

/**
 * The delegates' side of the server (agent-protocol.ts), under /delegate-api/v1. Every request
 * needs a delegate token (`Authorization: Bearer …`): without a valid one the answer is 401 and
 * nothing else. Bodies are JSON, parsed by the protocol's schemas, at most 1 MiB.
 */

const MAX_BODY_BYTES = 1024 * 1024
/** A poll waits this long for work before it answers empty (under common proxies' idle limits). */
export const POLL_WAIT_MS = 20_000

type Env = { Variables: { tokenName: string | undefined } }

async function body<T extends z.ZodMiniType>(c: Context, schema: T): Promise<z.output<T> | Response> {
  const length = Number(c.req.header('Content-Length') ?? 0)
  if (length > MAX_BODY_BYTES) return harnessError(413, 'INVALID_REQUEST', 'The request body is too large.')
  const raw = await c.req.text()
  if (raw.length > MAX_BODY_BYTES) return harnessError(413, 'INVALID_REQUEST', 'The request body is too large.')
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return harnessError(400, 'INVALID_REQUEST', 'The request body is not JSON.')
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) return harnessError(400, 'INVALID_REQUEST', 'The request does not match the delegate protocol.')
  return parsed.data
}

function unknownDelegate(): Response {
  // The delegate registers again (the server forgot it, or it was marked disconnected).
  return harnessError(404, 'DELEGATE_NOT_REGISTERED', 'This delegate is not registered; register again.')
}

export function createDelegateRoutes(
  agents: AgentSide,
  options: { pollWaitMs?: number } = {},
): { fetch: (request: Request) => Response | Promise<Response> } {
  const pollWaitMs = options.pollWaitMs ?? POLL_WAIT_MS
  const app = new Hono<Env>().basePath(DELEGATE_API_PREFIX)

  app.use('*', async (c, next) => {
    const header = c.req.header('Authorization') ?? ''
    const value = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : ''
    const caller = value ? await agents.authenticate(value) : undefined
    if (!caller) {
      return harnessError(401, 'INVALID_TOKEN', 'A valid delegate token is required (npm run delegate -- --token).')
    }
    c.set('tokenName', caller.tokenName)
    c.header('Cache-Control', 'no-store')
    await next()
  })

  app.post('/register', async (c) => {
    const request = await body(c, registerRequestSchema)
    if (request instanceof Response) return request
    const tokenName = c.get('tokenName')
    return c.json(await agents.register(request, tokenName === undefined ? {} : { tokenName }))
  })

  app.post('/heartbeat', async (c) => {
    const request = await body(c, delegateIdSchema)
    if (request instanceof Response) return request
    return (await agents.heartbeat(request.delegateId)) ? c.json({ ok: true }) : unknownDelegate()
  })

  app.post('/poll', async (c) => {
    const request = await body(c, pollRequestSchema)
    if (request instanceof Response) return request
    const answer = await agents.poll(request.delegateId, request.capacity, pollWaitMs, c.req.raw.signal)
    return answer ? c.json(answer) : unknownDelegate()
  })

  app.post('/tasks/:taskId/events', async (c) => {
    const request = await body(c, eventsRequestSchema)
    if (request instanceof Response) return request
    return c.json(await agents.reportEvents(request.delegateId, c.req.param('taskId'), request.events))
  })

  app.post('/tasks/:taskId/result', async (c) => {
    const request = await body(c, resultRequestSchema)
    if (request instanceof Response) return request
    const accepted = await agents.reportResult(request.delegateId, c.req.param('taskId'), request)
    // Not accepted: the test was already over (cancelled, or ended as lost); the delegate moves on.
    return c.json({ accepted })
  })

  app.post('/disconnect', async (c) => {
    const request = await body(c, delegateIdSchema)
    if (request instanceof Response) return request
    await agents.disconnect(request.delegateId)
    return c.json({ ok: true })
  })

  return app
}
