import type { HttpAnswer } from '../kit/check-calls'
import { header, jsonBody, type IdentifiedServer, type ServerRecogniser } from '../kit/identify-server'

function nexus(version: '2' | '3', evidence: string): IdentifiedServer {
  return {
    name: `Sonatype Nexus Repository ${version}`,
    useWith: [{ type: 'Nexus', settings: { version: `${version}.x` } }],
    evidence,
  }
}

/** Nexus 2's status is `{"data":{"state":"STARTED",…}}` (with Accept: application/json). */
export function nexus2State(answer: HttpAnswer): string | undefined {
  const state = (jsonBody(answer) as { data?: { state?: unknown } } | undefined)?.data?.state
  return typeof state === 'string' ? state : undefined
}

/** Nexus 3's status is an empty 200 (a web page is a server that answers any path). */
export function isNexus3Status(answer: HttpAnswer): boolean {
  return answer.status === 200 && !/^\s*</.test(answer.body.toString())
}

/**
 * Nexus names itself and its major version in its Server header (`Nexus/3.68.1-02 (OSS)`);
 * behind a proxy that strips it, its status API tells (an empty 200 for 3, a state for 2).
 */
export const recogniseNexus: ServerRecogniser = {
  recognise: (answer) => {
    const version = /nexus\/(\d)/i.exec(header(answer, 'server'))?.[1]
    if (version !== '3' && version !== '2') return undefined
    return nexus(version, `Server: ${answer.said.header('server')}`)
  },
  // The world's Nexus servers name themselves in their Server header: no probe is needed to tell them.
  probes: [
    {
      url: (target) => `${target.base}/service/rest/v1/status`,
      recognise: (answer) =>
        answer.status === 200 && answer.body.length === 0
          ? nexus('3', "an empty 200, Nexus 3's status API")
          : undefined,
      simulated: () => undefined,
    },
    {
      url: (target) => `${target.base}/service/local/status`,
      headers: { Accept: 'application/json' },
      recognise: (answer) => {
        const state = answer.status === 200 ? nexus2State(answer) : undefined
        return state ? nexus('2', `Nexus 2's status API (state ${answer.said.text(state)})`) : undefined
      },
      simulated: () => undefined,
    },
  ],
}
