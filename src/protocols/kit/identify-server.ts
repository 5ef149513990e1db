import type { Failure } from '../../connection-tests/failure'
import type { Answer, HttpAnswer } from './check-calls'
import type { ExpectedServer } from './protocol'
import type { ServerProbe } from './server-probes'
import type { WorldUse } from './simulated-servers'
import { wrongServerFailure } from './wrong-server'

/**
 * What answered, read from the headers a product sends with every answer, so that "not a …
 * server" can say which connector type fits it, as the simulator does for its world's rows.
 */

export type IdentifiedServer = { name: string; useWith: readonly WorldUse[]; evidence: string }

/**
 * How a protocol tells its own server from an answer. `generic` recognisers know an API that many
 * products serve (the Docker Registry v2 API); they are tried after every product's own.
 */
export type ServerRecogniser = {
  generic?: boolean
  /** From any answer's headers; a server no header names (a static web server) has none. */
  recognise?: (answer: Answer) => IdentifiedServer | undefined
  /** Requests that tell the server apart when no answer's headers name it (server-probes.ts). */
  probes?: readonly ServerProbe[]
}

/** A header's value as the server sent it ('' when absent), for a recogniser's logic. */
export function header(answer: HttpAnswer, name: string): string {
  const value = answer.headers[name]
  return Array.isArray(value) ? value.join(', ') : (value ?? '')
}

/** Which product answered, by the first recogniser that knows it: products first, then APIs. */
export function recogniseServer(
  answer: Answer,
  recognisers: readonly ServerRecogniser[],
): IdentifiedServer | undefined {
  const ordered = [...recognisers.filter((one) => !one.generic), ...recognisers.filter((one) => one.generic)]
  for (const recogniser of ordered) {
    const identified = recogniser.recognise?.(answer)
    if (identified) return identified
  }
  return undefined
}

/** Which product answered, as the session recognised it when the answer came. */
export function identifyServer(answer: Answer): IdentifiedServer | undefined {
  return answer.server
}

/** The answer as "not a … server" quotes it: the status and what gives the server away. */
export function quoted(answer: Answer, identified: IdentifiedServer | undefined): string {
  const status = answer.said.statusLine
  if (identified) return `${status}, ${identified.evidence}`
  const type = answer.said.header('content-type').split(';')[0]
  return type ? `${status}, Content-Type: ${type}` : status
}

/** "Not a … server": another product answered, or a web server that serves nothing we expect. */
export function wrongServerAnswer(found: {
  expected: ExpectedServer
  url: string
  requestLine: string
  answer: Answer
  extra?: { hints?: string[]; explanations?: string[] }
}): Failure {
  const identified = identifyServer(found.answer)
  const server = found.answer.said.header('server')
  return wrongServerFailure({
    expected: found.expected,
    url: found.url,
    serverName: identified?.name ?? (server ? `another kind of server (Server: ${server})` : 'another kind of server'),
    useWith: identified?.useWith ?? [],
    probe: found.requestLine,
    answer: quoted(found.answer, identified),
    extra: found.extra,
  })
}

/**
 * The error message a protocol puts in its JSON error bodies, as remote text: the registry API's
 * `{"errors":[{"code","message"}]}` (Docker, JFrog, Nexus 2's `msg`), a token server's
 * `details`/`error_description`/`error`, or `message`. A body of any other shape is not quoted:
 * an unknown server's answer is never copied into a log.
 */
export function protocolMessage(answer: Answer): string {
  const body = jsonBody(answer)
  const first = (list: unknown) => (Array.isArray(list) ? (list[0] as Record<string, unknown> | undefined) : undefined)
  const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined
  const error = first(record?.errors) ?? first(body)
  const candidates = [
    error && typeof error.code === 'string' && typeof error.message === 'string'
      ? `${error.code}: ${error.message}`
      : undefined,
    error?.message,
    error?.msg,
    record?.details,
    record?.error_description,
    record?.message,
    record?.error,
  ]
  const found = candidates.find((candidate): candidate is string => typeof candidate === 'string' && candidate !== '')
  return found ? answer.said.text(found) : ''
}

/** The body parsed as JSON, for the protocol's logic (never quoted as it is: see protocolMessage). */
export function jsonBody(answer: HttpAnswer): unknown {
  try {
    return JSON.parse(answer.body.toString('utf8')) as unknown
  } catch {
    return undefined
  }
}

/** A plain-HTTP request to a port that speaks TLS: Go and nginx answer 400 and say so. */
export function httpsPortHints(answer: Answer): string[] {
  if (
    answer.status !== 400 ||
    !/http request to an https server|plain http request was sent to https port/i.test(answer.body.toString('utf8'))
  ) {
    return []
  }
  // The same port, now named: https:// alone would mean 443.
  const { host, hostname, port } = answer.place
  return [`${host} speaks HTTPS on this port: use https://${hostname}:${port} in the URL.`]
}
