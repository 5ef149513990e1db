import type { z } from 'zod/mini'

/** 401 or 403: the token is not (or no longer) good for this, and retrying will not change it. */
export class RefusedError extends Error {}
export class UnknownDelegateError extends Error {}

/** The message of a Harness error body, or a default. */
async function messageOf(response: Response, fallback: string): Promise<string> {
  try {
    const body = (await response.json()) as { message?: unknown }
    return typeof body.message === 'string' && body.message ? body.message : fallback
  } catch {
    return fallback
  }
}

/**
 * How a delegate calls its server: a POST with its token, within a time limit and until it stops,
 * the answer parsed by the delegate protocol's schema. A refusal and an unknown delegate are
 * errors of their own, so the loops can tell "stop" and "register again" from "retry".
 */
export function serverCaller(options: {
  /** The delegate API's base URL. */
  base: string
  token: string
  send: (url: string, init: RequestInit) => Promise<Response>
  stopping: AbortSignal
}) {
  return async function call<T extends z.ZodMiniType>(path: string, body: unknown, schema: T, timeoutMs = 15_000) {
    const signal = AbortSignal.any([options.stopping, AbortSignal.timeout(timeoutMs)])
    const response = await options.send(`${options.base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
      body: JSON.stringify(body),
      signal,
    })
    if (response.status === 401) {
      throw new RefusedError(`The server refused the delegate token: ${await messageOf(response, '401')}`)
    }
    if (response.status === 403) {
      throw new RefusedError(`The server refused this delegate: ${await messageOf(response, '403')}`)
    }
    if (response.status === 404) throw new UnknownDelegateError('The server does not know this delegate.')
    if (!response.ok) throw new Error(`The server answered ${response.status} to ${path}.`)
    const parsed = schema.safeParse(await response.json())
    if (!parsed.success) throw new Error(`The server's answer to ${path} does not match the delegate protocol.`)
    return parsed.data
  }
}

/** A network error's code (ECONNREFUSED), else its message: what a log line says went wrong. */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause
    return cause?.code ?? error.message
  }
  return String(error)
}

/** Waits `ms`, or less when `signal` aborts (the delegate is stopping). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}
