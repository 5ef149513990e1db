import { describe, expect, it } from 'vitest'
import { z } from 'zod/mini'
import {
  connectorResponseSchema,
  connectorValidationResultSchema,
  delegateGroupSchema,
  entitySetupUsageSchema,
  errorEnvelopeSchema,
  pageResponseSchema,
  responseEnvelopeSchema,
  testConnectionEventSchema,
} from './api-types'

describe('the API contract', () => {
  it('parses a Harness ConnectorValidationResult without a stage log, hints or failure kind', () => {
    // What Harness NG answers to POST /ng/api/connectors/testConnection/{id}, nulls included.
    const harness = {
      status: 'FAILURE',
      errors: [{ reason: 'Unexpected Error', message: 'Connection refused', code: 450 }],
      errorSummary: 'Unexpected Error (Connection refused)',
      testedAt: 1_700_000_000_000,
      delegateId: null,
    }
    const result = z.parse(connectorValidationResultSchema, harness)
    expect(result.stages).toEqual([])
    expect(result.hints).toBeUndefined()
    expect(result.failureKind).toBeUndefined()
    expect(result.delegateId).toBeUndefined()
    expect(result.errorSummary).toBe('Unexpected Error (Connection refused)')
  })

  it('keeps this project’s extensions when the server sends them', () => {
    const result = z.parse(connectorValidationResultSchema, {
      status: 'SUCCESS',
      testedAt: 1,
      delegateName: 'delegate-east',
      hints: ['a hint'],
      failureKind: 'DNS',
      stages: [{ title: 'Resolve', status: 'passed', durationMs: 3, log: ['GET /v2/ → 200'] }],
    })
    expect(result.stages).toHaveLength(1)
    expect(result.failureKind).toBe('DNS')
    expect(result.delegateName).toBe('delegate-east')
  })

  it('reads a failure kind it does not know as none rather than failing', () => {
    const result = z.parse(connectorValidationResultSchema, { status: 'FAILURE', testedAt: 1, failureKind: 'QUOTA' })
    expect(result.failureKind).toBeUndefined()
  })

  it('parses a connector page as Harness sends it: extra keys, nulls, other statuses, a version', () => {
    const page = z.parse(pageResponseSchema(connectorResponseSchema), {
      content: [
        {
          connector: {
            name: 'Harness Docker Hub',
            identifier: 'harnessImage',
            description: null,
            orgIdentifier: null,
            projectIdentifier: null,
            tags: {},
            type: 'DockerRegistry',
            spec: { dockerRegistryUrl: 'https://index.docker.io/v2/' },
          },
          createdAt: 1,
          lastModifiedAt: 2,
          status: { status: 'PENDING', errors: null, testedAt: 0 },
          harnessManaged: true,
          gitDetails: { branch: null },
          version: 7,
        },
      ],
      totalItems: 1,
      totalPages: 1,
      pageIndex: 0,
      pageSize: 50,
      empty: false,
    })
    const [row] = page.content
    expect(row?.connector.orgIdentifier).toBeUndefined()
    expect(row?.status.status).toBe('UNKNOWN')
    expect(row?.version).toBe(7)
    expect(row).not.toHaveProperty('gitDetails')
  })

  it('refuses a connector without its identifier', () => {
    const result = z.safeParse(connectorResponseSchema, {
      connector: { name: 'x', tags: {}, type: 'Nexus', spec: {} },
      createdAt: 1,
      lastModifiedAt: 1,
      status: { status: 'SUCCESS' },
      harnessManaged: false,
    })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path).toEqual(['connector', 'identifier'])
  })

  it('reads Harness’s map of implicit delegate selectors as a list of tags', () => {
    const delegate = z.parse(delegateGroupSchema, {
      delegateGroupIdentifier: 'east',
      groupName: 'delegate-east',
      groupImplicitSelectors: { 'delegate-east': 'GROUP_NAME', east: 'GROUP_SELECTORS' },
      groupCustomSelectors: null,
      activelyConnected: true,
      lastHeartBeat: 1,
    })
    expect(delegate.groupImplicitSelectors).toEqual(['delegate-east', 'east'])
    expect(delegate.groupCustomSelectors).toEqual([])
  })

  it('accepts usage by entities other than pipelines', () => {
    const ref = { accountIdentifier: 'acme', identifier: 'x' }
    const usage = z.parse(entitySetupUsageSchema, {
      accountIdentifier: 'acme',
      referredEntity: { type: 'Connectors', name: 'Docker Hub', entityRef: ref },
      referredByEntity: { type: 'Service', name: 'payments', entityRef: ref },
      createdAt: 1,
    })
    expect(usage.referredByEntity.type).toBe('Service')
  })

  it('parses every kind of connection test event, and refuses an event of a known kind with a bad field', () => {
    expect(z.parse(testConnectionEventSchema, { type: 'stage-started', index: 0, title: 'Resolve' })).toEqual({
      type: 'stage-started',
      index: 0,
      title: 'Resolve',
    })
    expect(z.parse(testConnectionEventSchema, { type: 'result', result: { status: 'SUCCESS', testedAt: 1 } })).toEqual({
      type: 'result',
      result: { status: 'SUCCESS', testedAt: 1, stages: [] },
    })
    expect(z.safeParse(testConnectionEventSchema, { type: 'stage-started', index: -1, title: 'x' }).success).toBe(false)
  })

  it('parses an error body leniently', () => {
    const parsed = z.parse(errorEnvelopeSchema, { message: 'Invalid API key', extra: { nested: true } })
    expect(parsed).toMatchObject({ status: 'ERROR', code: '', message: 'Invalid API key', correlationId: '' })
  })

  it('wraps any data schema in the response envelope', () => {
    const envelope = z.parse(responseEnvelopeSchema(z.boolean()), {
      status: 'SUCCESS',
      data: true,
      metaData: null,
      correlationId: 'c-1',
    })
    expect(envelope.data).toBe(true)
  })
})
