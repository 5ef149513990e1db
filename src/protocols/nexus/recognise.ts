import { header, type ServerRecogniser } from '../kit/identify-server'

/** Nexus names itself and its major version in its Server header (`Nexus/3.68.1-02 (OSS)`). */
export const recogniseNexus: ServerRecogniser = {
  recognise: (answer) => {
    const nexus = /nexus\/(\d)/i.exec(header(answer, 'server'))?.[1]
    if (nexus !== '3' && nexus !== '2') return undefined
    return {
      name: `Sonatype Nexus Repository ${nexus}`,
      useWith: [{ type: 'Nexus', settings: { version: `${nexus}.x` } }],
      evidence: `Server: ${answer.said.header('server')}`,
    }
  },
}
