import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { ConnectorValidationResult, FailureKind } from '../../lib/api-types'
import { TestResult } from './test-result'

const DOCS = 'https://developer.harness.io/docs/platform/connectors/artifactory-connector-settings-reference'

function failed(failureKind: FailureKind, reason: string, message: string): ConnectorValidationResult {
  return {
    status: 'FAILURE',
    testedAt: Date.UTC(2025, 5, 1, 12),
    delegateName: 'delegate-east',
    failureKind,
    errorSummary: `${reason} (${message})`,
    errors: [{ reason, message, code: 450 }],
    hints: ['Do this.'],
    explanations: ['Because of that.'],
    stages: [],
  }
}

describe('the result of a failed test', () => {
  it.each([
    ['BAD_CREDENTIALS', 'Invalid Credentials', 'Request to server failed with status code: 403'],
    ['CREDENTIALS_REQUIRED', 'Invalid Credentials', 'registry.acme.test requires credentials'],
  ] as const)('links to the permissions a connector needs for %s', (kind, reason, message) => {
    render(<TestResult result={failed(kind, reason, message)} docsUrl={DOCS} />)

    expect(screen.getByRole('link', { name: 'View permissions required' })).toHaveAttribute('href', DOCS)
  })

  it.each([
    ['DELEGATE_LOST', 'Delegate Lost', 'Delegate delegate-east stopped responding while it ran the test'],
    ['TLS', 'Certificate Validation Failed', 'self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)'],
    ['CONNECTION_REFUSED', 'Connection Refused', 'Could not reach Docker Registry at https://down.acme.test/v2'],
    ['NOT_FOUND', 'Not Found', 'Artifactory Server responded with Not Found.'],
    ['NO_DELEGATE', 'No Eligible Delegate Found', 'No delegate took the test within 60 s'],
  ] as const)('has no permissions link where permissions are not the problem: %s', (kind, reason, message) => {
    render(<TestResult result={failed(kind, reason, message)} docsUrl={DOCS} />)

    expect(screen.getByRole('alert')).toHaveTextContent(message)
    expect(screen.queryByRole('link', { name: /permissions/i })).toBeNull()
  })
})
