import { http, HttpResponse } from 'msw'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod/mini'
import { server } from '../demo-backend/node-mock-backend'
import { ApiContractError, ApiError, apiRequest, apiRequestBody, setApiKey } from './api-client'
import { connectorResponseSchema, connectorValidationResultSchema, restResponseSchema } from './api-types'

const envelope = (data: unknown) => ({ status: 'SUCCESS', data, metaData: null, correlationId: 'c-1' })

afterEach(() => setApiKey(null))

describe('apiRequest', () => {
  it('resolves to the envelope’s data, parsed with the schema', async () => {
    server.use(
      http.post('*/ng/api/connectors/testConnection/:id', () =>
        // Harness's own answer: no stage log, no hints.
        HttpResponse.json(envelope({ status: 'SUCCESS', testedAt: 1, delegateId: 'd1', errors: null })),
      ),
    )
    const result = await apiRequest(connectorValidationResultSchema, 'POST', '/ng/api/connectors/testConnection/x')
    expect(result).toEqual({ status: 'SUCCESS', testedAt: 1, delegateId: 'd1', stages: [] })
  })

  it('says when the answer does not match the contract, instead of failing later with a TypeError', async () => {
    server.use(
      http.get('*/ng/api/connectors/:id', () =>
        HttpResponse.json(envelope({ connector: { name: 'x', identifier: 42 }, createdAt: 'yesterday' })),
      ),
    )
    const error: unknown = await apiRequest(connectorResponseSchema, 'GET', '/ng/api/connectors/x').catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(ApiContractError)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).not.toBeInstanceOf(TypeError)
    const message = (error as Error).message
    expect(message).toMatch(/^The server's answer did not match the API contract: /)
    expect(message).toContain('data.connector.identifier: expected string')
    expect(message).toContain('GET /ng/api/connectors/x')
  })

  it('refuses an answer without the envelope', async () => {
    server.use(http.get('*/ng/api/connectors/:id', () => HttpResponse.json({ connector: {} })))
    await expect(apiRequest(connectorResponseSchema, 'GET', '/ng/api/connectors/x')).rejects.toThrow(
      /did not match the API contract: status: expected "SUCCESS"/,
    )
  })

  it('refuses a 2xx answer that is not JSON', async () => {
    server.use(http.get('*/ng/api/connectors/:id', () => new HttpResponse('<html>proxy</html>', { status: 200 })))
    await expect(apiRequest(connectorResponseSchema, 'GET', '/ng/api/connectors/x')).rejects.toThrow(
      "The server's answer did not match the API contract: the answer is not JSON",
    )
  })

  it('parses an error body leniently and keeps its message', async () => {
    server.use(
      http.get('*/ng/api/connectors/:id', () =>
        HttpResponse.json(
          { code: 'RESOURCE_NOT_FOUND', message: 'Connector x not found', somethingNew: [1, 2] },
          { status: 404 },
        ),
      ),
    )
    const error: unknown = await apiRequest(connectorResponseSchema, 'GET', '/ng/api/connectors/x').catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(ApiError)
    expect(error).not.toBeInstanceOf(ApiContractError)
    expect((error as ApiError).status).toBe(404)
    expect((error as ApiError).body?.code).toBe('RESOURCE_NOT_FOUND')
    expect((error as ApiError).message).toBe('Connector x not found')
  })

  it('still gives a message for an error body that is not JSON', async () => {
    server.use(
      http.get('*/ng/api/connectors/:id', () => new HttpResponse('upstream timed out', { status: 504 })),
      http.get('*/ng/api/projects', () => new HttpResponse('<html><body>Bad gateway</body></html>', { status: 502 })),
    )
    await expect(apiRequest(connectorResponseSchema, 'GET', '/ng/api/connectors/x')).rejects.toThrow(
      'The server answered 504 Gateway Timeout. upstream timed out',
    )
    await expect(apiRequest(z.unknown(), 'GET', '/ng/api/projects')).rejects.toThrow(
      'The server answered 502 Bad Gateway.',
    )
  })
})

describe('apiRequestBody', () => {
  it('parses an answer that has no envelope', async () => {
    server.use(
      http.get('*/api/setup/thing', () => HttpResponse.json({ metaData: {}, resource: 3, responseMessages: [] })),
    )
    await expect(apiRequestBody(restResponseSchema(z.number()), 'GET', '/api/setup/thing')).resolves.toEqual({
      metaData: {},
      resource: 3,
      responseMessages: [],
    })
  })
})

describe('the x-api-key header', () => {
  function recordApiKeys() {
    const seen: (string | null)[] = []
    server.use(
      http.get('*/ng/api/ping', ({ request }) => {
        seen.push(request.headers.get('x-api-key'))
        return HttpResponse.json(envelope(true))
      }),
    )
    return seen
  }

  it('is not sent while no key is set', async () => {
    const seen = recordApiKeys()
    await apiRequest(z.boolean(), 'GET', '/ng/api/ping')
    expect(seen).toEqual([null])
  })

  it('is sent with every request once a key is set, and no longer once it is cleared', async () => {
    const seen = recordApiKeys()
    setApiKey('pat.acme.abc.xyz')
    await apiRequest(z.boolean(), 'GET', '/ng/api/ping')
    await apiRequest(z.boolean(), 'GET', '/ng/api/ping')
    setApiKey(null)
    await apiRequest(z.boolean(), 'GET', '/ng/api/ping')
    expect(seen).toEqual(['pat.acme.abc.xyz', 'pat.acme.abc.xyz', null])
  })
})

describe('a server that never answers', () => {
  it('gives up with words after the timeout, so the user can retry or leave', async () => {
    server.use(http.get('*/ng/api/connectors/:id', () => new Promise<never>(() => undefined)))
    const request = apiRequest(connectorResponseSchema, 'GET', '/ng/api/connectors/hanging', {
      scope: { accountIdentifier: 'acme' },
      timeoutMs: 50,
    })
    await expect(request).rejects.toBeInstanceOf(ApiError)
    await expect(request).rejects.toThrow('The server did not answer within 0.05 s')
  })
})
