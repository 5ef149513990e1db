import type { Answer } from '../kit/check-calls'
import { header, type IdentifiedServer, type ServerRecogniser } from '../kit/identify-server'
import { DOCKER_V2_KINDS } from '../kit/v2-handshake-simulated'

const API_VERSION = 'Docker-Distribution-Api-Version'

function registryOf(answer: Answer): IdentifiedServer | undefined {
  return header(answer, 'docker-distribution-api-version')
    ? {
        name: 'a Docker registry',
        useWith: [{ type: 'DockerRegistry', settings: { providerType: 'Other' } }, { type: 'OciHelmRepo' }],
        evidence: `${API_VERSION}: ${answer.said.header('docker-distribution-api-version')}`,
      }
    : undefined
}

/**
 * Every Docker Registry v2 server sends Docker-Distribution-Api-Version; so do products that also
 * serve other APIs (Artifactory, Nexus 3), which is why this recogniser is tried after theirs.
 * A registry behind a front server (Harbor's nginx) sends it only from its API: `GET /v2/`, at
 * the host's root whatever the URL's path, answers 200 or 401 with it.
 */
export const recogniseDockerRegistry: ServerRecogniser = {
  generic: true,
  recognise: registryOf,
  probes: [
    {
      url: (target) => `${target.scheme}://${target.host}/v2/`,
      hostWide: true,
      recognise: (answer) => (answer.status === 200 || answer.status === 401 ? registryOf(answer) : undefined),
      simulated: (ctx) => {
        // A row whose 404 carries the header is named by it already.
        if (!DOCKER_V2_KINDS.includes(ctx.row.kind) || ctx.row.serverHeader?.includes(API_VERSION)) return undefined
        const evidence = `${API_VERSION}: registry/2.0`
        return { status: '401 Unauthorized', detail: `, ${evidence}`, evidence }
      },
    },
  ],
}
