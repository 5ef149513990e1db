import { describe, expect, it } from 'vitest'
import type { LocatedConnector } from '../../connector-types/connector-yaml-document'
import { problemText, readConnectorYaml } from '../../connector-types/connector-yaml-document'
import { ApiError } from '../../lib/api-client'
import type { ConnectorInfo } from '../../lib/api-types'
import { connectorInScope, lockedFieldProblems, problemsOfError } from './connector-yaml-checks'

const PAYMENTS = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }

const YAML = `connector:
  name: Nexus
  identifier: nexus
  orgIdentifier: default
  projectIdentifier: checkout
  type: Nexus
  spec:
    nexusServerUrl: https://nexus.acme.test
`

function document(text = YAML): LocatedConnector {
  const read = readConnectorYaml(text)
  if (!read.document) throw new Error('not a connector')
  return read.document
}

const STORED: ConnectorInfo = {
  name: 'Nexus',
  identifier: 'nexus',
  tags: {},
  type: 'Nexus',
  spec: { nexusServerUrl: 'https://nexus.acme.test' },
}

describe('where a YAML connector is saved', () => {
  it('refuses another project, at its line, saying what to do', () => {
    const problems = connectorInScope(document(), PAYMENTS, 'create').problems ?? []
    expect(problems.map(problemText)).toEqual([
      expect.stringMatching(
        /^Line 5, projectIdentifier: This connector is for project "checkout", but you are in project payments \(organization default\)\. To create it here, remove orgIdentifier and projectIdentifier/,
      ),
    ])
  })

  it('puts a connector that names no scope in the current one', () => {
    const text = YAML.replace(/ {2}(org|project)Identifier: .*\n/g, '')
    expect(connectorInScope(document(text), PAYMENTS, 'create').connector).toMatchObject({
      orgIdentifier: 'default',
      projectIdentifier: 'payments',
    })
    const account = connectorInScope(document(text), { accountIdentifier: 'acme' }, 'create').connector!
    expect('orgIdentifier' in account || 'projectIdentifier' in account).toBe(false)
  })
})

describe('what Edit YAML cannot change', () => {
  it('keeps the identifier and the type, each refused at its line', () => {
    const changed = document(
      YAML.replace('identifier: nexus', 'identifier: nexus_2').replace('type: Nexus', 'type: Artifactory'),
    )
    expect(lockedFieldProblems(changed, STORED).map(problemText)).toEqual([
      expect.stringMatching(/^Line 3, identifier: The identifier cannot change here: it must stay nexus/),
      expect.stringMatching(/^Line 6, type: The type cannot change: nexus is a Nexus connector/),
    ])
    expect(lockedFieldProblems(document(), STORED)).toEqual([])
  })
})

describe('what the API refused', () => {
  it('puts each field error on its line, or on the nearest line the document has', () => {
    const error = new ApiError(
      400,
      {
        status: 'FAILURE',
        code: 'INVALID_REQUEST',
        message: 'Invalid request: 2 fields have problems.',
        correlationId: '',
        errors: [
          { fieldId: 'spec.nexusServerUrl', error: 'Nexus Repository URL must start with https://.' },
          { fieldId: 'spec.auth.type', error: 'Authentication is required.' },
        ],
      },
      '',
    )
    expect(problemsOfError(error, document()).map(problemText)).toEqual([
      'Line 8, spec.nexusServerUrl: Nexus Repository URL must start with https://.',
      'Line 7, spec.auth.type: Authentication is required.',
    ])
  })

  it('puts an identifier that exists on the identifier’s line, and anything else in words', () => {
    const duplicate = new ApiError(
      400,
      { status: 'ERROR', code: 'DUPLICATE_FIELD', message: 'nexus already exists.', correlationId: '' },
      '',
    )
    expect(problemsOfError(duplicate, document()).map(problemText)).toEqual([
      'Line 3, identifier: nexus already exists.',
    ])
    expect(problemsOfError(new ApiError(0, undefined, 'The server could not be reached.'), document())).toEqual([
      { message: 'The server could not be reached.' },
    ])
  })
})
