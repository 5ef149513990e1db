import { failure, withArticle, type Failure } from '../../connection-tests/failure'
import { latency, type StageLog } from '../../connection-tests/stage-log'
import { findConnectorType } from '../../connector-types/registry'
import type { ExpectedServer, ServerContext, WrongServerTexts } from './protocol'
import type { WorldRow, WorldUse } from './simulated-servers'

/** A 404 as the row's server sends it for a path it does not serve. */
export function notFoundAnswer(row: WorldRow): string {
  return row.serverHeader ? `404 Not Found, ${row.serverHeader}` : '404 Not Found'
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
  const answer = notFoundAnswer(ctx.row)
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
  /** How the explanation names it, when not as the message does. */
  explainedAs?: string
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
        ? `${url} is ${serverName}: use ${use} for it, or enter ${expected.baseUrl ?? `the URL of your ${expected.server}`}.`
        : `Enter ${expected.baseUrl ?? `the URL of your ${expected.server}`}; ${url} is ${serverName}.`,
      ...(extra.hints ?? []),
    ],
    explanations: [
      `${found.probe.split(' ').slice(0, 2).join(' ')} answered ${answer}: ${found.explainedAs ?? serverName} does not serve the ${expected.api} at this URL.`,
      ...(extra.explanations ?? []),
    ],
  })
}
