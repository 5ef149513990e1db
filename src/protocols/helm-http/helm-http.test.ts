// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runConnectionCheck } from '../../delegate-agent/checks/run-check'
import { server as mockNetwork } from '../../demo-backend/node-mock-backend'
import { checkTask, PASSWORD_REF, TEST_PASSWORD, TEST_USERNAME } from '../../test/registry-servers/check-task'
import { startHelmRepo } from '../../test/registry-servers/helm-repo-server'
import type { TestHttpServer } from '../../test/registry-servers/http-fixture'
import { INDEX_HINT } from './simulated'

// Static Helm chart repositories served by Node on 127.0.0.1 (docs/reference/live-servers.md §4).

const credentials = { username: TEST_USERNAME, password: TEST_PASSWORD }

describe('HTTP Helm checks against a static chart repository', () => {
  let repo: TestHttpServer
  let noIndex: TestHttpServer
  let webSite: TestHttpServer

  beforeAll(async () => {
    mockNetwork.close()
    ;[repo, noIndex, webSite] = await Promise.all([
      startHelmRepo({ credentials }),
      startHelmRepo({ credentials, content: 'no-index' }),
      startHelmRepo({ content: 'html' }),
    ])
  })

  afterAll(() => Promise.all([repo?.stop(), noIndex?.stop(), webSite?.stop()]))

  it('succeeds when index.yaml is a Helm index, sending Basic with the first request', async () => {
    const outcome = await runConnectionCheck(checkTask('HttpHelmRepo', repo.url))

    expect(outcome.result).toEqual({ status: 'SUCCESS' })
    expect(outcome.stages[1]?.log.join('\n')).toContain(`Connect to 127.0.0.1:${repo.port} (socket check) → connected`)
    expect(outcome.stages[2]?.log.join('\n')).toMatch(
      new RegExp(
        `GET ${repo.url}/index.yaml \\(Authorization: Basic, user demo\\) → 200 OK, Content-Type: application/x-yaml \\(1 charts\\) \\(\\d+ ms\\)`,
      ),
    )
    expect(repo.requests.filter((request) => request.path === '/index.yaml')).toEqual([
      { method: 'GET', path: '/index.yaml', authorization: 'basic' },
    ])
  })

  it('fails as bad credentials with a wrong password, in helm words', async () => {
    const outcome = await runConnectionCheck(checkTask('HttpHelmRepo', repo.url, { password: 'wrong-password' }))

    expect(outcome.result).toMatchObject({
      failureKind: 'BAD_CREDENTIALS',
      errorSummary: `Authentication Failed (failed to fetch ${repo.url}/index.yaml : 401 Unauthorized)`,
    })
    expect(outcome.result.hints?.[0]).toBe('Provide valid username/password for the helm repo')
    expect(outcome.result.hints?.join(' ')).toContain(PASSWORD_REF)
    expect(JSON.stringify(outcome)).not.toContain('wrong-password')
  })

  it('fails as credentials required without credentials', async () => {
    const outcome = await runConnectionCheck(checkTask('HttpHelmRepo', repo.url, { anonymous: true }))

    expect(outcome.result.failureKind).toBe('CREDENTIALS_REQUIRED')
    expect(outcome.result.hints?.join(' ')).toContain('refuses anonymous access')
  })

  it('fails as "no index.yaml" when the server has none', async () => {
    const outcome = await runConnectionCheck(checkTask('HttpHelmRepo', noIndex.url))

    expect(outcome.result).toMatchObject({
      failureKind: 'NOT_FOUND',
      errorSummary: `Not Found (failed to fetch ${noIndex.url}/index.yaml : 404 Not Found)`,
      explanations: ['No Index.yaml file found', `${noIndex.url}/index.yaml answered 404 Not Found.`],
    })
    expect(outcome.result.hints).toEqual([INDEX_HINT])
  })

  it('fails as not a Helm chart repository when index.yaml is a web page', async () => {
    const outcome = await runConnectionCheck(checkTask('HttpHelmRepo', webSite.url, { anonymous: true }))

    expect(outcome.result).toMatchObject({
      failureKind: 'WRONG_SERVER',
      errorSummary: `Not a Helm chart repository (${webSite.url} is another kind of server)`,
    })
    expect(outcome.result.hints).toContain(INDEX_HINT)
    expect(outcome.result.explanations?.[0]).toContain('answered 200 OK, Content-Type: text/html')
    expect(outcome.stages.at(-1)?.log.join('\n')).toContain('(not a Helm repository index)')
  })
})
