import { describe, expect, it } from 'vitest'
import type { SimulationPlan } from '../../connection-tests/test-plan'
import { CONNECTOR_TYPES } from '../../connector-types/registry'
import { simulateConnectionTest } from './connection-test-simulator'
import { WORLD_ROWS } from './simulated-world'
import { connector, inputFor, SECRETS, type ConnectorOptions } from './test-fixtures'

/**
 * What the simulator says for every world row × connector type × auth method (and each value of
 * a type's extra fields), byte for byte: stage titles, log lines, failure kinds and texts. Moving
 * the protocols' code must leave this file unchanged; a change of words shows here as a diff.
 */

const AUTHS: Record<string, ConnectorOptions['auth'] | { usernameRef: string; passwordRef: string }> = {
  anonymous: 'Anonymous',
  demo: { username: 'demo', passwordRef: 'demo_password' },
  'wrong password': { username: 'demo', passwordRef: 'wrong_password' },
  'missing secret': { username: 'demo', passwordRef: 'no_such_secret' },
  'username in a secret': { usernameRef: 'demo_username', passwordRef: 'demo_password' },
  'account secret': { username: 'demo', passwordRef: 'account.shared_password' },
  'ecr token': { username: 'AWS', passwordRef: 'ecr_token' },
  'ecr expired token': { username: 'AWS', passwordRef: 'ecr_token_expired' },
}

const SECRETS_WITH_USERNAME = {
  ...SECRETS,
  demo_username: { identifier: 'demo_username', value: 'demo', updatedAt: SECRETS.demo_password!.updatedAt },
}

const EXTRA_URLS = ['https://nowhere.acme.test', 'http://harbor.acme.test', 'https://charts.acme.test/missing']

function variants(type: (typeof CONNECTOR_TYPES)[number]): Record<string, string>[] {
  const settings: Record<string, string>[] = [{}]
  for (const field of type.fields) {
    for (const option of field.options) {
      if (option.value !== field.defaultValue) settings.push({ [field.key]: option.value })
    }
  }
  return settings
}

function render(plan: SimulationPlan): string {
  const lines: string[] = []
  for (const stage of plan.stages) {
    lines.push(`  [${stage.status}] ${stage.title}`)
    for (const line of stage.log) lines.push(`    | ${line}`)
  }
  const { result } = plan
  lines.push(`  => ${result.status}${result.failureKind ? ` ${result.failureKind}` : ''}`)
  if (result.errorSummary) lines.push(`  summary: ${result.errorSummary}`)
  for (const error of result.errors ?? []) lines.push(`  error: ${error.reason} (${error.code}): ${error.message}`)
  for (const hint of result.hints ?? []) lines.push(`  hint: ${hint}`)
  for (const explanation of result.explanations ?? []) lines.push(`  why: ${explanation}`)
  return lines.join('\n')
}

describe('the simulator’s output', () => {
  it('is unchanged for every world row, type, auth method and setting', async () => {
    const urls = [...WORLD_ROWS.map((row) => row.url), ...EXTRA_URLS]
    const out: string[] = []
    // Identical plans are written once; a repeat names the case that has the same output.
    const seen = new Map<string, string>()
    const add = (name: string, text: string) => {
      const first = seen.get(text)
      out.push(first ? `${name}\n  = same as ${first}` : `${name}\n${text}`)
      if (!first) seen.set(text, name)
    }
    for (const url of urls) {
      for (const type of CONNECTOR_TYPES) {
        for (const settings of variants(type)) {
          for (const [authName, auth] of Object.entries(AUTHS)) {
            const info = connector(type.type, url, { settings })
            const spec = info.spec
            spec.auth = auth === 'Anonymous' ? { type: 'Anonymous' } : { type: 'UsernamePassword', spec: { ...auth } }
            const plan = simulateConnectionTest(inputFor(info, SECRETS_WITH_USERNAME))
            const shown = Object.entries(settings)
              .map(([key, value]) => ` ${key}=${value}`)
              .join('')
            add(`${url} · ${type.type}${shown} · ${authName}`, render(plan))
          }
        }
      }
    }
    for (const selectors of [['legacy'], ['nowhere'], ['helm', 'docker']]) {
      const plan = simulateConnectionTest(
        inputFor(connector('DockerRegistry', 'https://harbor.acme.test', { selectors })),
      )
      add(`selectors ${selectors.join(',')}`, render(plan))
    }
    await expect(`${out.join('\n\n')}\n`).toMatchFileSnapshot('./golden/simulator-output.txt')
  })
})
