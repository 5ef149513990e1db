// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CheckOutcome } from '../../delegate-agent/check-types'
import { runConnectionCheck } from '../../delegate-agent/checks/run-check'
import { server as mockNetwork } from '../../demo-backend/node-mock-backend'
import { checkTask } from '../../test/registry-servers/check-task'
import { startHttpFixture, type TestHttpServer } from '../../test/registry-servers/http-fixture'
import { basicCredentials } from '../../test/registry-servers/server-kit'
import { credentialForms, RemoteText, WITHHELD } from './remote-text'

/**
 * The attacks on what a test keeps: servers that echo the credentials they were sent (raw,
 * base64, URL-encoded, in the reason phrase, headers, a redirect, an error body), and a server
 * whose error body holds its own secrets. Nothing of either reaches a stored stage log or result,
 * and a short password leaves our own words whole.
 */

const LONG_PASSWORD = 'pa ss/w+rd&Ünïcode-42'
const SHORT_PASSWORD = 'pass'
const USERNAME = 'demo'
const TYPES = [
  ['DockerRegistry', { providerType: 'Other' }],
  ['Artifactory', {}],
  ['Nexus', { version: '3.x' }],
  ['Nexus', { version: '2.x' }],
  ['HttpHelmRepo', {}],
  ['OciHelmRepo', {}],
] as const

function everyForm(password: string): string[] {
  const pair = Buffer.from(`${USERNAME}:${password}`).toString('base64')
  const raw = Buffer.from(password).toString('base64')
  return [
    password,
    pair,
    pair.replace(/=+$/, ''),
    raw.replace(/=+$/, ''),
    encodeURIComponent(password),
    encodeURIComponent(password).replace(/%20/g, '+'),
    JSON.stringify(password).slice(1, -1),
  ]
}

/** Everything a test keeps: stage titles and logs, the summary, errors, hints, explanations. */
function stored(outcome: CheckOutcome): string {
  return JSON.stringify(outcome)
}

/** What is kept, less our own words that hold "pass" ("password", a stage that "passed"). */
function storedBesidesOurWords(outcome: CheckOutcome): string {
  return stored(outcome).replace(/password|passed/g, '')
}

/** A server that answers every request by repeating what it was sent, in every place it can. */
async function echoingServer(): Promise<TestHttpServer> {
  return startHttpFixture((request, response) => {
    const sent = basicCredentials(request)
    const authorization = request.headers.authorization ?? 'none'
    const password = sent?.password ?? ''
    if (request.url?.startsWith('/lost')) {
      // Redirected to a page that is not there, the credentials in the new URL.
      response.writeHead(302, { Location: `/gone/${Buffer.from(`${USERNAME}:${password}`).toString('base64')}/` })
      return void response.end()
    }
    if (request.url?.startsWith('/gone')) {
      response.writeHead(404, { 'Content-Type': 'text/plain' })
      return void response.end('not here')
    }
    if (request.url?.startsWith('/bounce')) {
      response.writeHead(302, {
        Location: `/landing?token=${encodeURIComponent(authorization)}&page=2`,
      })
      return void response.end()
    }
    const status = sent ? 401 : 401
    response.writeHead(status, `Unauthorized ${authorization.replace(/[^\x20-\x7e]/g, '?')}`, {
      'Content-Type': 'application/json',
      'WWW-Authenticate': `Basic realm="echo ${authorization}"`,
      Server: `echo/${encodeURIComponent(password)}`,
      'Docker-Distribution-Api-Version': 'registry/2.0',
      'X-JFrog-Version': `Artifactory/7 ${password}`,
    })
    response.end(
      JSON.stringify({
        errors: [
          { code: 'UNAUTHORIZED', message: `bad credentials ${USERNAME}:${password} (${authorization})`, status: 401 },
        ],
        message: `you sent ${password}`,
        details: authorization,
      }),
    )
  })
}

describe('what a test keeps of what servers say', () => {
  let echo: TestHttpServer
  let leaky: TestHttpServer

  beforeAll(async () => {
    mockNetwork.close()
    echo = await echoingServer()
    // A local service that is no registry, and says too much when asked anything.
    leaky = await startHttpFixture((_request, response) => {
      response.writeHead(500, { 'Content-Type': 'application/json', Server: 'internal-api/1.0' })
      response.end(JSON.stringify({ internal: true, db_password: 'db-hunter2', trace: 'at Db.connect (db.js:1)' }))
    })
  })

  afterAll(() => Promise.all([echo?.stop(), leaky?.stop()]))

  it.each(TYPES)('a %s test of a server echoing the credentials keeps none of their forms', async (type, settings) => {
    for (const password of [LONG_PASSWORD, SHORT_PASSWORD]) {
      const outcome = await runConnectionCheck(checkTask(type, echo.url, { password, settings: { ...settings } }))
      expect(outcome.result.status).toBe('FAILURE')
      const text = storedBesidesOurWords(outcome)
      for (const form of everyForm(password)) expect(text, `${type}: ${form}`).not.toContain(form)
    }
  })

  it('a redirect that carries the credentials is logged without them', async () => {
    const outcome = await runConnectionCheck(
      checkTask('HttpHelmRepo', `${echo.url}/bounce`, { password: LONG_PASSWORD }),
    )
    const text = stored(outcome)
    for (const form of everyForm(LONG_PASSWORD)) expect(text).not.toContain(form)
    expect(text).toContain('Location: http://127.0.0.1')
    expect(text).toContain('/landing?token=redacted&page=2')
  })

  it.each([
    ['Nexus', { version: '3.x' }],
    ['DockerRegistry', { providerType: 'Other' }],
  ] as const)(
    'a %s redirect to a 404 that carries the credentials is explained without them',
    async (type, settings) => {
      const outcome = await runConnectionCheck(
        checkTask(type, `${echo.url}/lost`, { password: LONG_PASSWORD, settings: { ...settings } }),
      )
      expect(outcome.result.status).toBe('FAILURE')
      for (const form of everyForm(LONG_PASSWORD)) expect(stored(outcome), form).not.toContain(form)
    },
  )

  it('a short password leaves our own words whole', async () => {
    const outcome = await runConnectionCheck(checkTask('Nexus', echo.url, { password: SHORT_PASSWORD }))
    expect(outcome.stages[0]?.title).toBe('Resolve the password secret')
    const text = stored(outcome)
    expect(text).not.toMatch(/\*{3,}word|•{3,}word/)
    expect(text).toContain('password secret: registry_password')
  })

  it('keeps the status and the headers that explain a refusal, never an unknown server’s body', async () => {
    for (const [type, settings] of TYPES) {
      const outcome = await runConnectionCheck(checkTask(type, leaky.url, { settings: { ...settings } }))
      const text = stored(outcome)
      expect(text, type).not.toContain('db-hunter2')
      expect(text, type).not.toContain('db_password')
      expect(text, type).not.toContain('Db.connect')
      expect(text, type).toMatch(/500 Internal Server Error/)
    }
    const docker = await runConnectionCheck(
      checkTask('DockerRegistry', leaky.url, { settings: { providerType: 'Other' } }),
    )
    expect(stored(docker)).toContain('Content-Type: application/json, Server: internal-api/1.0')
  })
})

describe('RemoteText', () => {
  const remote = new RemoteText(() => credentialForms(['s3cret value'], [['demo', 's3cret value']]))

  it('withholds a whole piece of remote text that repeats a credential in any form', () => {
    for (const text of [
      'bad password s3cret value',
      `Basic ${Buffer.from('demo:s3cret value').toString('base64')}`,
      `echo ${Buffer.from('s3cret value').toString('base64')}`,
      'q=s3cret%20value',
      'q=s3cret+value',
    ]) {
      expect(remote.text(text), text).toBe(WITHHELD)
    }
    expect(remote.text('authentication required')).toBe('authentication required')
  })

  it('withholds a credential that only shows once control characters are cleaned', () => {
    const spaced = new RemoteText(() => credentialForms(['a b'], []))
    expect(spaced.text('you sent a\tb')).toBe(WITHHELD)
  })

  it('keeps remote text to one short line without control characters', () => {
    expect(remote.text('line one\r\nForged: line\u0000two')).toBe('line one Forged: line two')
    expect(remote.text('x'.repeat(500))).toHaveLength(201)
  })

  it('redacts tokens and signatures from URLs a server sent, and any userinfo', () => {
    const url = new URL(
      'https://user:pw@cdn.example/blob?X-Amz-Signature=abc&X-Amz-Credential=k&access_token=t&scope=pull',
    )
    expect(remote.url(url)).toBe(
      'https://cdn.example/blob?X-Amz-Signature=redacted&X-Amz-Credential=redacted&access_token=redacted&scope=pull',
    )
  })
})
