// @vitest-environment node
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

async function boundaryErrors(filePath: string, importPath: string): Promise<string[]> {
  const code = `import * as probe from '${importPath}'\nexport const used = probe\n`
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
  ])('refuses %s', async (_, filePath, importPath) => {
    const errors = await boundaryErrors(filePath, importPath)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^boundaries\/element-types: No rule allowing this dependency/)
  })

  it.each([
    ['a feature into another feature’s public files', 'src/pipelines/probe.ts', '../connectors/connector-field'],
    ['a feature into its own internals', 'src/connectors/probe.ts', './wizard/connector-wizard'],
    ['the app into a feature', 'src/app/probe.ts', '../connectors/connectors-page'],
    ['the registry into lib', 'src/connector-types/probe.ts', '../lib/entity-names'],
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
})
