import { header, type ServerRecogniser } from '../../kit/identify-server'

export const recogniseReleaseFiles: ServerRecogniser = {
  recognise: (answer) =>
    header(answer, 'x-release-files')
      ? {
          name: 'a release file server',
          useWith: [{ type: 'ReleaseFiles' }],
          evidence: `X-Release-Files: ${answer.said.header('x-release-files')}`,
        }
      : undefined,
}
