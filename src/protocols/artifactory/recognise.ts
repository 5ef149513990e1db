import { header, type ServerRecogniser } from '../kit/identify-server'

const ARTIFACTORY = { name: 'JFrog Artifactory', useWith: [{ type: 'Artifactory' }] }

/**
 * Artifactory names itself in X-JFrog-Version (7.x), X-Artifactory-Id, or its Server header;
 * behind a proxy that strips them, its ping (`GET <base>/api/system/ping` → `OK`) still tells.
 */
export const recogniseArtifactory: ServerRecogniser = {
  recognise: (answer) => {
    const jfrog = header(answer, 'x-jfrog-version') || (/artifactory/i.test(header(answer, 'server')) ? 'server' : '')
    if (!jfrog && !header(answer, 'x-artifactory-id')) return undefined
    const version = header(answer, 'x-jfrog-version')
      ? answer.said.header('x-jfrog-version')
      : answer.said.header('server')
    return { ...ARTIFACTORY, evidence: jfrog ? `X-JFrog-Version: ${version}` : 'X-Artifactory-Id' }
  },
  probes: [
    {
      url: (target) => `${target.base}/api/system/ping`,
      recognise: (answer) =>
        answer.status === 200 && answer.body.toString('utf8').trim() === 'OK'
          ? { ...ARTIFACTORY, evidence: '"OK", the answer of Artifactory\'s ping' }
          : undefined,
      // The world's Artifactory names itself in its Server header: no ping is needed to tell it.
      simulated: () => undefined,
    },
  ],
}
