import { expect, it } from 'vitest'
import type { ConnectorValidationResult, PageResponse, SecretResponse } from '../lib/api-types'
import type { AuditEventDTO } from '../lib/audit-types'
import type { Scope } from '../lib/scope'
import { describeOnBothHosts } from '../test/both-hosts'
import { PAYMENTS, call, createConnector, dockerConnector, responseLog } from './api-test-helpers'

/**
 * Secrets that stay on the delegate (issue 21, decision 028), through Harness's v2 API on both
 * hosts: the server keeps a reference (a CONNECTORS_DELEGATE_SECRET_ variable, a path under the
 * delegate's secret directory) and never a value; a name or a path that could reach anything
 * else is refused at the field.
 */

const STORED = 'St0red-value-that-must-be-dropped'

let run = 0
function nextIdentifier(prefix: string): string {
  run += 1
  return `${prefix}_${Date.now().toString(36)}_${run}`
}

function body(scope: Scope, identifier: string, spec: Record<string, unknown>) {
  return {
    secret: {
      type: 'SecretText',
      name: `Held ${identifier}`,
      identifier,
      tags: {},
      ...(scope.orgIdentifier ? { orgIdentifier: scope.orgIdentifier } : {}),
      ...(scope.projectIdentifier ? { projectIdentifier: scope.projectIdentifier } : {}),
      spec,
    },
  }
}

function create(identifier: string, spec: Record<string, unknown>) {
  return call<SecretResponse>('POST', '/ng/api/v2/secrets', { scope: PAYMENTS, body: body(PAYMENTS, identifier, spec) })
}

function update(identifier: string, spec: Record<string, unknown>, version: number | undefined) {
  return call<SecretResponse>('PUT', `/ng/api/v2/secrets/${identifier}`, {
    scope: PAYMENTS,
    body: body(PAYMENTS, identifier, spec),
    headers: version === undefined ? {} : { 'If-Match': `"${version}"` },
  })
}

function fieldErrors(text: string): { fieldId: string; error: string }[] {
  return (JSON.parse(text) as { errors?: { fieldId: string; error: string }[] }).errors ?? []
}

describeOnBothHosts('secrets the delegate holds', () => {
  it('refuses a variable that is not CONNECTORS_DELEGATE_SECRET_*: the server’s own key above all', async () => {
    for (const name of [
      'CONNECTORS_SECRET_KEY',
      'CONNECTORS_SECRET_KEY_FILE',
      'PATH',
      'connectors_delegate_secret_x',
    ]) {
      const refused = await create(nextIdentifier('env'), {
        secretManagerIdentifier: 'delegateEnvironment',
        valueType: 'Reference',
        value: name,
      })
      expect(refused.status, name).toBe(400)
      expect(fieldErrors(refused.text), name).toEqual([
        { fieldId: 'spec.value', error: expect.stringContaining('CONNECTORS_DELEGATE_SECRET_') },
      ])
    }
    // A prefix alone names no variable.
    const bare = await create(nextIdentifier('env'), {
      secretManagerIdentifier: 'delegateEnvironment',
      value: 'CONNECTORS_DELEGATE_SECRET_',
    })
    expect(bare.status).toBe(400)
  })

  it('refuses a path that leaves the secret directory: .., absolute, NUL, too long', async () => {
    const cases: [string, RegExp][] = [
      ['../../etc/passwd', /cannot leave the secret directory/],
      ['registry/../../keys/secret.key', /cannot leave the secret directory/],
      ['/etc/passwd', /not absolute/],
      ['C:\\keys\\secret.key', /not absolute/],
      ['registry/pass\u0000word', /NUL/],
      [`${'a/'.repeat(130)}b`, /at most 255/],
      ['', /Name the file/],
    ]
    for (const [path, words] of cases) {
      const refused = await create(nextIdentifier('file'), {
        secretManagerIdentifier: 'delegateSecretDir',
        valueType: 'Reference',
        value: path,
      })
      expect(refused.status, JSON.stringify(path)).toBe(400)
      expect(fieldErrors(refused.text), JSON.stringify(path)).toEqual([
        { fieldId: 'spec.value', error: expect.stringMatching(words) },
      ])
    }
    const inline = await create(nextIdentifier('file'), {
      secretManagerIdentifier: 'delegateSecretDir',
      valueType: 'Inline',
      value: 'registry/password',
    })
    expect(fieldErrors(inline.text)).toEqual([
      { fieldId: 'spec.valueType', error: expect.stringContaining('Reference') },
    ])
  })

  it('keeps and answers the reference, which is not secret, and lists where each secret lives', async () => {
    const identifier = nextIdentifier('held')
    const created = await create(identifier, {
      secretManagerIdentifier: 'delegateEnvironment',
      valueType: 'Reference',
      value: 'CONNECTORS_DELEGATE_SECRET_REG_PASS',
    })
    expect(created.status, created.text).toBe(200)
    const spec = {
      secretManagerIdentifier: 'delegateEnvironment',
      valueType: 'Reference',
      value: 'CONNECTORS_DELEGATE_SECRET_REG_PASS',
    }
    expect(created.data.secret.spec).toEqual(spec)
    const got = await call<SecretResponse>('GET', `/ng/api/v2/secrets/${identifier}`, { scope: PAYMENTS })
    expect(got.data.secret.spec).toEqual(spec)
    const list = await call<PageResponse<SecretResponse>>('GET', '/ng/api/v2/secrets', { scope: PAYMENTS })
    const specs = new Map(list.data.content.map((row) => [row.secret.identifier, row.secret.spec]))
    expect(specs.get(identifier)).toEqual(spec)
    // A stored secret's answer still never holds its value.
    expect(specs.get('demo_password')).toEqual({ secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline' })
  })

  it('moves a stored secret to the delegate, dropping its value, and back only with a new value', async () => {
    responseLog.length = 0
    const identifier = nextIdentifier('moved')
    const created = await create(identifier, {
      secretManagerIdentifier: 'harnessSecretManager',
      valueType: 'Inline',
      value: STORED,
    })
    expect(created.status, created.text).toBe(200)
    const moved = await update(
      identifier,
      { secretManagerIdentifier: 'delegateSecretDir', valueType: 'Reference', value: 'registry/password' },
      created.data.version,
    )
    expect(moved.status, moved.text).toBe(200)
    expect(moved.data.secret.spec).toEqual({
      secretManagerIdentifier: 'delegateSecretDir',
      valueType: 'Reference',
      value: 'registry/password',
    })
    // Nothing of the old value was kept: back on the server, it needs a value again.
    const noValue = await update(
      identifier,
      { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline' },
      moved.data.version,
    )
    expect(noValue.status).toBe(400)
    expect(fieldErrors(noValue.text)).toEqual([
      { fieldId: 'spec.value', error: 'A secret stored on the server needs a value.' },
    ])
    const back = await update(
      identifier,
      { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', value: 'N3w-value-that-must-not-leak' },
      moved.data.version,
    )
    expect(back.status, back.text).toBe(200)
    expect(back.data.secret.spec).toEqual({ secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline' })

    const events = await call<{ content: AuditEventDTO[] }>('POST', '/audit/api/audits/list', {
      scope: PAYMENTS,
      body: { filterType: 'Audit', resources: [{ type: 'SECRET', identifier }] },
    })
    const summaries = events.data.content.map((event) => event.summary)
    expect(summaries).toContainEqual(
      expect.stringContaining('(value now: Delegate secret directory: registry/password; was: Stored on the server)'),
    )
    expect(summaries).toContainEqual(
      expect.stringContaining('(value now: Stored on the server; was: Delegate secret directory: registry/password)'),
    )
    for (const text of [...responseLog, events.text]) {
      expect(text).not.toContain(STORED)
      expect(text).not.toContain('N3w-value-that-must-not-leak')
    }
  })

  it('refuses a save read before someone moved the value to the delegate as stale, not as a missing value', async () => {
    const identifier = nextIdentifier('raced')
    const stored = { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline' }
    const created = await create(identifier, { ...stored, value: STORED })
    const held = { secretManagerIdentifier: 'delegateEnvironment', valueType: 'Reference' }
    const moved = await update(identifier, { ...held, value: 'CONNECTORS_DELEGATE_SECRET_RACED' }, created.data.version)
    expect(moved.status, moved.text).toBe(200)
    // An edit of the description from the version read before: it keeps the stored value it saw.
    const stale = await update(identifier, stored, created.data.version)
    expect(stale.status, stale.text).toBe(409)
    expect(stale.text).toContain('VERSION_CONFLICT')
  })

  it('tests with a value the simulated delegates hold, saying where it was read; a missing one names the variable', async () => {
    const cases = [
      { manager: 'delegateEnvironment', value: 'CONNECTORS_DELEGATE_SECRET_DEMO_PASSWORD' },
      { manager: 'delegateSecretDir', value: 'registry/password' },
      { manager: 'delegateEnvironment', value: 'CONNECTORS_DELEGATE_SECRET_REG_PASS' },
      { manager: 'delegateSecretDir', value: 'registry/missing' },
    ]
    const results: ConnectorValidationResult[] = []
    for (const { manager, value } of cases) {
      const secret = nextIdentifier('world')
      expect((await create(secret, { secretManagerIdentifier: manager, valueType: 'Reference', value })).status).toBe(
        200,
      )
      const connector = nextIdentifier('uses_held')
      expect((await createConnector(PAYMENTS, dockerConnector(PAYMENTS, connector, secret))).status).toBe(200)
      const tested = await call<ConnectorValidationResult>('POST', `/ng/api/connectors/testConnection/${connector}`, {
        scope: PAYMENTS,
      })
      results.push(tested.data)
    }
    const [environment, directory, missingVariable, missingFile] = results
    expect(environment?.status).toBe('SUCCESS')
    expect(environment?.stages?.flatMap((stage) => stage.log)).toContainEqual(
      expect.stringContaining("read from the delegate's environment (CONNECTORS_DELEGATE_SECRET_DEMO_PASSWORD)"),
    )
    expect(directory?.status).toBe('SUCCESS')
    expect(directory?.stages?.flatMap((stage) => stage.log)).toContainEqual(
      expect.stringContaining("read from the delegate's secret directory (registry/password)"),
    )
    expect(missingVariable?.status).toBe('FAILURE')
    expect(missingVariable?.errorSummary).toContain(
      'The delegate has no environment variable CONNECTORS_DELEGATE_SECRET_REG_PASS',
    )
    expect(missingFile?.status).toBe('FAILURE')
    expect(missingFile?.errorSummary).toContain('The delegate has no file registry/missing in its secret directory')
  })
})
