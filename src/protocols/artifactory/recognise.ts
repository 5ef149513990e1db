import { header, type ServerRecogniser } from '../kit/identify-server'

/** Artifactory names itself in X-JFrog-Version (7.x), X-Artifactory-Id, or its Server header. */
export const recogniseArtifactory: ServerRecogniser = {
  recognise: (answer) => {
    const jfrog = header(answer, 'x-jfrog-version') || (/artifactory/i.test(header(answer, 'server')) ? 'server' : '')
    if (!jfrog && !header(answer, 'x-artifactory-id')) return undefined
    const version = header(answer, 'x-jfrog-version')
      ? answer.said.header('x-jfrog-version')
      : answer.said.header('server')
    return {
      name: 'JFrog Artifactory',
      useWith: [{ type: 'Artifactory' }],
      evidence: jfrog ? `X-JFrog-Version: ${version}` : 'X-Artifactory-Id',
    }
  },
}
