import { header, type ServerRecogniser } from '../kit/identify-server'

/**
 * Every Docker Registry v2 server sends Docker-Distribution-Api-Version; so do products that also
 * serve other APIs (Artifactory, Nexus 3), which is why this recogniser is tried after theirs.
 */
export const recogniseDockerRegistry: ServerRecogniser = {
  generic: true,
  recognise: (answer) =>
    header(answer, 'docker-distribution-api-version')
      ? {
          name: 'a Docker registry',
          useWith: [{ type: 'DockerRegistry', settings: { providerType: 'Other' } }, { type: 'OciHelmRepo' }],
          evidence: `Docker-Distribution-Api-Version: ${answer.said.header('docker-distribution-api-version')}`,
        }
      : undefined,
}
