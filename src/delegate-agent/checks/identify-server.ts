import type { ExpectedServer } from '../../backend/simulator/protocol'
import type { WorldUse } from '../../backend/simulator/simulated-world'
import type { Failure } from '../../backend/simulator/simulation-kit'
import { wrongServerFailure } from '../../backend/simulator/wrong-server'
import type { HttpAnswer } from './http-request'

/**
 * What answered, read from the headers a product sends with every answer, so that "not a …
 * server" can say which connector type fits it, as the simulator does for its world's rows.
 */

export type IdentifiedServer = { name: string; useWith: readonly WorldUse[]; evidence: string }

function header(answer: HttpAnswer, name: string): string {
  const value = answer.headers[name]
  return Array.isArray(value) ? value.join(', ') : (value ?? '')
}

export function identifyServer(answer: HttpAnswer): IdentifiedServer | undefined {
  const server = header(answer, 'server')
  const jfrog = header(answer, 'x-jfrog-version') || (/artifactory/i.test(server) ? server : '')
  if (jfrog || header(answer, 'x-artifactory-id')) {
    return {
      name: 'JFrog Artifactory',
      useWith: [{ type: 'Artifactory' }],
      evidence: jfrog ? `X-JFrog-Version: ${jfrog}` : 'X-Artifactory-Id',
    }
  }
  const nexus = /nexus\/(\d)/i.exec(server)?.[1]
  if (nexus === '3' || nexus === '2') {
    return {
      name: `Sonatype Nexus Repository ${nexus}`,
      useWith: [{ type: 'Nexus', settings: { version: `${nexus}.x` } }],
      evidence: `Server: ${server}`,
    }
  }
  const distribution = header(answer, 'docker-distribution-api-version')
  if (distribution) {
    return {
      name: 'a Docker registry',
      useWith: [{ type: 'DockerRegistry', settings: { providerType: 'Other' } }, { type: 'OciHelmRepo' }],
      evidence: `Docker-Distribution-Api-Version: ${distribution}`,
    }
  }
  return undefined
}

/** The answer as "not a … server" quotes it: the status and what gives the server away. */
function quoted(answer: HttpAnswer, identified: IdentifiedServer | undefined): string {
  const status = `${answer.status} ${answer.statusText}`.trim()
  if (identified) return `${status}, ${identified.evidence}`
  const type = header(answer, 'content-type').split(';')[0]
  return type ? `${status}, Content-Type: ${type}` : status
}

/** "Not a … server": another product answered, or a web server that serves nothing we expect. */
export function wrongServerAnswer(found: {
  expected: ExpectedServer
  url: string
  requestLine: string
  answer: HttpAnswer
  extra?: { hints?: string[]; explanations?: string[] }
}): Failure {
  const identified = identifyServer(found.answer)
  const server = header(found.answer, 'server')
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

/** A short, one-line view of a body for the log: JSON error bodies, never a success body's secrets. */
export function bodySnippet(answer: HttpAnswer, max = 160): string {
  const text = answer.body.toString('utf8').replace(/\s+/g, ' ').trim()
  if (!text) return ''
  return text.length > max ? `${text.slice(0, max)}…` : text
}

export function jsonBody(answer: HttpAnswer): unknown {
  try {
    return JSON.parse(answer.body.toString('utf8')) as unknown
  } catch {
    return undefined
  }
}

/** A plain-HTTP request to a port that speaks TLS: Go and nginx answer 400 and say so. */
export function httpsPortHints(answer: HttpAnswer & { url: URL }): string[] {
  if (
    answer.status !== 400 ||
    !/http request to an https server|plain http request was sent to https port/i.test(answer.body.toString('utf8'))
  ) {
    return []
  }
  const https = new URL(answer.url.href)
  https.protocol = 'https:'
  return [`${answer.url.host} speaks HTTPS on this port: use ${https.origin} in the URL.`]
}
