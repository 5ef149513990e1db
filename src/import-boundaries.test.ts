// @vitest-environment node
import { existsSync } from 'node:fs'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/**
 * The one-way imports (app → features → ui/lib) are enforced by lint, not by a README
 * sentence. These probes prove the rule bites: each imports across a boundary it must not.
 */
const eslint = new ESLint({
  cwd: process.cwd(),
  // Only the boundary rules: the probes are not part of the TypeScript project.
  ruleFilter: ({ ruleId }) => ruleId.startsWith('boundaries/'),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
})

async function boundaryErrors(filePath: string, importPath: string, lazy = false): Promise<string[]> {
  const code = lazy
    ? `export const used = () => import('${importPath}')\n`
    : `import * as probe from '${importPath}'\nexport const used = probe\n`
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`)
}

describe('import boundaries', () => {
  it.each([
    ['a feature into another feature’s internals', 'src/pipelines/probe.ts', '../connectors/wizard/connector-wizard'],
    ['shared UI into a feature', 'src/ui/probe.ts', '../connectors/connector-field'],
    ['lib into the connector-type registry', 'src/lib/probe.ts', '../connector-types/registry'],
    ['the backend core into a screen', 'src/backend/probe.ts', '../connectors/connector-field'],
    ['the backend core into its browser host', 'src/backend/probe.ts', '../demo-backend/mock-data-store'],
    ['the backend core into a feature’s public files', 'src/backend/probe.ts', '../pipelines/pipeline-edits'],
    ['the backend core into a feature’s API', 'src/backend/probe.ts', '../pipelines/pipeline-api'],
    ['the browser host into a feature', 'src/demo-backend/probe.ts', '../secrets/secret-api'],
    ['the server into a feature', 'src/server/probe.ts', '../connectors/connector-api'],
    ['the delegate into a feature', 'src/delegate-agent/probe.ts', '../delegates/delegate-api'],
    ['the pipeline model into a feature', 'src/pipeline-model/probe.ts', '../pipelines/pipeline-edits'],
    ['the pipeline model into the backend core', 'src/pipeline-model/probe.ts', '../backend/router'],
    ['the server into the browser host', 'src/server/probe.ts', '../demo-backend/mock-data-store'],
    ['the registry into a feature', 'src/connector-types/probe.ts', '../connectors/connector-api'],
    ['a feature into the app', 'src/connectors/probe.ts', '../app/app'],
    // src/connectors is split into areas (decision 019): an area's unlisted files are its own.
    ['an area into another area’s own file', 'src/connectors/details/probe.ts', '../yaml/edit-connector-yaml'],
    ['a top-level file into an area’s own file', 'src/connectors/probe.ts', './wizard/connector-wizard'],
    ['another feature into a connectors area’s file', 'src/pipelines/probe.ts', '../connectors/list/connector-table'],
    ['the app into a connectors area’s file', 'src/app/probe.ts', '../connectors/list/connector-table'],
    // One folder per protocol (issue 18): the engines consume protocols, never each other.
    ['the delegate into the simulator', 'src/delegate-agent/probe.ts', '../backend/simulator/simulated-world'],
    ['the delegate into the backend core', 'src/delegate-agent/probe.ts', '../backend/router'],
    ['a protocol into another protocol', 'src/protocols/helm-http/probe.ts', '../helm-oci/simulated'],
    ['a protocol into the simulator', 'src/protocols/helm-http/probe.ts', '../../backend/simulator/simulated-world'],
    ['a protocol into the delegate', 'src/protocols/nexus/probe.ts', '../../delegate-agent/checks/check-session'],
    ['the protocol kit into a protocol', 'src/protocols/kit/probe.ts', '../docker-v2/simulated'],
    ['the simulator into one protocol, past the list', 'src/backend/simulator/probe.ts', '../../protocols/nexus/check'],
    ['the delegate into one protocol, past the list', 'src/delegate-agent/probe.ts', '../protocols/nexus/check'],
    ['what every test shares into a protocol', 'src/connection-tests/probe.ts', '../protocols/kit/protocol'],
  ])('refuses %s', async (_, filePath, importPath) => {
    const errors = await boundaryErrors(filePath, importPath)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^boundaries\/element-types: No rule allowing this dependency/)
  })

  it.each([
    ['into another feature’s internals', 'src/pipelines/probe.ts', '../connectors/wizard/connector-wizard'],
    ['into another area’s own file', 'src/connectors/list/probe.ts', '../wizard/connector-wizard'],
  ])('refuses a lazy import() %s as it refuses a static one', async (_, filePath, importPath) => {
    const errors = await boundaryErrors(filePath, importPath, true)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^boundaries\/element-types: No rule allowing this dependency/)
  })

  it.each([
    ['a feature into another feature’s public files', 'src/pipelines/probe.ts', '../connectors/connector-field'],
    ['an area into its own files', 'src/connectors/yaml/probe.ts', './edit-connector-yaml'],
    ['a top-level file into an area’s public file', 'src/connectors/probe.ts', './wizard/lazy-connector-wizard'],
    ['an area into another area’s public file', 'src/connectors/details/probe.ts', '../yaml/connector-yaml-section'],
    ['an area into its feature’s top level', 'src/connectors/yaml/probe.ts', '../connector-api'],
    ['an area into another feature’s public files', 'src/connectors/wizard/probe.ts', '../../secrets/secret-api'],
    ['the app into a feature', 'src/app/probe.ts', '../connectors/connectors-page'],
    ['the registry into lib', 'src/connector-types/probe.ts', '../lib/entity-names'],
    ['a protocol into its own files', 'src/protocols/nexus/probe.ts', './simulated'],
    ['a protocol into the kit', 'src/protocols/nexus/probe.ts', '../kit/wrong-server'],
    ['the protocol list into a protocol', 'src/protocols/probe.ts', './nexus/protocol'],
    ['the simulator into the protocol list', 'src/backend/simulator/probe.ts', '../../protocols/protocols'],
    ['the delegate into the protocol list', 'src/delegate-agent/probe.ts', '../protocols/protocols'],
    ['the server into what every test shares', 'src/server/probe.ts', '../connection-tests/delegate-selection'],
    ['the server into the backend core', 'src/server/probe.ts', '../backend/router'],
    ['the backend core into the pipeline model', 'src/backend/probe.ts', '../pipeline-model/pipeline-yaml'],
    ['the server into the pipeline model', 'src/server/probe.ts', '../pipeline-model/pipeline-model'],
    ['a feature into the pipeline model', 'src/pipelines/probe.ts', '../pipeline-model/pipeline-yaml'],
    [
      'the pipeline model into the connector-type registry',
      'src/pipeline-model/probe.ts',
      '../connector-types/registry',
    ],
  ])('allows %s', async (_, filePath, importPath) => {
    expect(await boundaryErrors(filePath, importPath)).toEqual([])
  })

  it('lists as an area’s public files only files that exist', async () => {
    // A renamed or moved file must not leave a stale name behind that quietly matches nothing.
    const config = (await eslint.calculateConfigForFile('src/connectors/connectors-page.tsx')) as {
      settings: { 'boundaries/elements': { type: string; pattern: string | string[] }[] }
    }
    const listed = config.settings['boundaries/elements']
      .filter((element) => element.type.startsWith('area:'))
      .flatMap((element) => element.pattern)
    expect(listed).toContain('src/connectors/wizard/lazy-connector-wizard.ts')
    expect(listed.filter((file) => !existsSync(file))).toEqual([])
  })

  it('allows a lazy import() of another connectors area’s public file', async () => {
    const errors = await boundaryErrors('src/connectors/list/probe.ts', '../details/connector-details-dialog', true)
    expect(errors).toEqual([])
  })
})
