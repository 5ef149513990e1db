import { findConnectorType } from '../../connector-types/registry'
import type { ExpectedServer, ServerContext, WrongServerTexts } from './protocol'
import type { ServerKind, WorldUse } from './simulated-world'
import { failure, latency, withArticle, type Failure, type StageLog } from './simulation-kit'

/** The header that gives a server away in a 404, so the log shows what answered. */
const SERVER_HEADER: Partial<Record<ServerKind, string>> = {
  'jfrog-artifactory': 'Server: Artifactory/7.77.5',
  'docker-hub': 'Docker-Distribution-Api-Version: registry/2.0',
  harbor: 'Server: nginx, Docker-Distribution-Api-Version: registry/2.0',
  quay: 'Server: nginx/1.20.1',
  registry2: 'Docker-Distribution-Api-Version: registry/2.0',
  ecr: 'Docker-Distribution-Api-Version: registry/2.0',
  'helm-index': 'Server: nginx/1.25.3, Content-Type: text/html',
  nexus3: 'Server: Nexus/3.68.1-02 (OSS), Content-Type: text/html',
  nexus2: 'Server: Nexus/2.15.1-02, Content-Type: text/html',
}

/** A 404 as a server of `kind` sends it for a path it does not serve. */
export function notFoundAnswer(kind: ServerKind): string {
  const header = SERVER_HEADER[kind]
  return header ? `404 Not Found, ${header}` : '404 Not Found'
}

/** "a Nexus connector (Version 3.x) or …": the connector types that fit a server. */
export function connectorsToUse(useWith: readonly WorldUse[]): string {
  const labels = useWith.map((use) => {
    const label = findConnectorType(use.type)?.label ?? use.type
    const version = use.settings?.version
    return version ? `${label} connector (Version ${version})` : `${label} connector`
  })
  return [...new Set(labels)].map(withArticle).join(' or ')
}

/**
 * A server of another kind than the connector's type answered: log the probe, then explain
 * what answered and which connector type fits it. `extra` adds the protocol's own texts
 * after the common ones.
 */
export function wrongServer(
  ctx: ServerContext,
  protocol: WrongServerTexts,
  stage: StageLog,
  probe: string,
  extra: { hints?: string[]; explanations?: string[] } = {},
): Failure {
  const answer = notFoundAnswer(ctx.row.kind)
  stage.request(probe, answer, latency(`wrong:${probe}`))
  return wrongServerFailure({
    expected: protocol.expected,
    url: protocol.whereLabel(ctx),
    serverName: ctx.row.name,
    useWith: ctx.row.useWith,
    probe,
    answer,
    extra,
  })
}

/** The "not a … server" failure, for a server known by its name and the connector types that fit it. */
export function wrongServerFailure(found: {
  expected: ExpectedServer
  /** The URL as failures name it. */
  url: string
  serverName: string
  useWith: readonly WorldUse[]
  /** The request line; its method and URL are quoted. */
  probe: string
  answer: string
  extra?: { hints?: string[]; explanations?: string[] }
}): Failure {
  const { expected, url, serverName, answer, extra = {} } = found
  const use = connectorsToUse(found.useWith)
  return failure('WRONG_SERVER', `${url} is ${serverName}`, {
    category: `Not ${withArticle(expected.server)}`,
    hints: [
      use
        ? `${url} is ${serverName}: use ${use} for it, or enter the URL of your ${expected.server}.`
        : `Enter the URL of your ${expected.server}; ${url} is ${serverName}.`,
      ...(extra.hints ?? []),
    ],
    explanations: [
      `${found.probe.split(' ').slice(0, 2).join(' ')} answered ${answer}: ${serverName} does not serve the ${expected.api} at this URL.`,
      ...(extra.explanations ?? []),
    ],
  })
}
