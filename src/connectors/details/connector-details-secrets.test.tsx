import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { ORG, PAYMENTS, call, connectorInfo, createConnector, dockerConnector } from '../../backend/api-test-helpers'
import { setViewAs } from '../../lib/api-client'
import type { ConnectorInfo, ConnectorResponse, SecretResponse } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import { renderWithProviders } from '../../test/render-with-providers'
import { ConnectorDetailsDialog } from './connector-details-dialog'

/**
 * Where each secret a connector refers to lives, in Details (decision 028): the Secrets page's
 * words, read from the secret in the reference's own scope; never a value.
 */

const STORED_VALUE = 'Never-shown-in-Details'

async function createSecret(scope: Scope, identifier: string, spec: Record<string, unknown>) {
  const created = await call<SecretResponse>('POST', '/ng/api/v2/secrets', {
    scope,
    body: {
      secret: {
        type: 'SecretText',
        name: `Secret ${identifier}`,
        identifier,
        tags: {},
        ...(scope.orgIdentifier ? { orgIdentifier: scope.orgIdentifier } : {}),
        ...(scope.projectIdentifier ? { projectIdentifier: scope.projectIdentifier } : {}),
        spec,
      },
    },
  })
  expect(created.status).toBe(200)
}

const inEnvironment = (name: string) => ({
  secretManagerIdentifier: 'delegateEnvironment',
  valueType: 'Reference',
  value: name,
})
const inSecretDir = (path: string) => ({
  secretManagerIdentifier: 'delegateSecretDir',
  valueType: 'Reference',
  value: path,
})
const onServer = { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', value: STORED_VALUE }

async function openDetails(connector: ConnectorInfo, { created = false } = {}) {
  if (!created) expect((await createConnector(PAYMENTS, connector)).status).toBe(200)
  const stored = (
    await call<ConnectorResponse>('GET', `/ng/api/connectors/${connector.identifier}`, { scope: PAYMENTS })
  ).data
  return renderWithProviders(
    <ConnectorDetailsDialog connector={stored.connector} status={stored.status} scope={PAYMENTS} onClose={vi.fn()} />,
    { scope: PAYMENTS },
  )
}

const valueOf = (term: string) => screen.getByText(term, { selector: 'dt' }).nextElementSibling as HTMLElement

describe('the secrets of a connector, in Details', () => {
  it('says where each one lives: a delegate’s variable, a delegate’s file, or the server', async () => {
    await createSecret(PAYMENTS, 'user_in_env', inEnvironment('CONNECTORS_DELEGATE_SECRET_REG_USER'))
    await createSecret(PAYMENTS, 'pass_in_file', inSecretDir('registry/password'))
    await openDetails(
      connectorInfo('DockerRegistry', PAYMENTS, {
        name: 'Held by the delegate',
        identifier: 'held_by_delegate',
        url: 'https://registry.acme.test:5000',
        extras: { providerType: 'Other' },
        auth: {
          type: 'UsernamePassword',
          usernameIsSecret: true,
          usernameRef: 'user_in_env',
          passwordRef: 'pass_in_file',
        },
      }),
    )
    await waitFor(() =>
      expect(valueOf('Username secret')).toHaveTextContent(
        'user_in_env · Delegate environment: CONNECTORS_DELEGATE_SECRET_REG_USER',
      ),
    )
    await waitFor(() =>
      expect(valueOf('Password secret')).toHaveTextContent(
        'pass_in_file · Delegate secret directory: registry/password',
      ),
    )
    // The variable and the path are names, not values: shown as code, as the Secrets page does.
    expect(valueOf('Password secret').querySelector('code')).toHaveTextContent('registry/password')
  })

  it('says a stored secret is on the server, and never shows its value', async () => {
    await createSecret(PAYMENTS, 'stored_pass', onServer)
    await openDetails(dockerConnector(PAYMENTS, 'stored_on_server', 'stored_pass'))
    await waitFor(() => expect(valueOf('Password secret')).toHaveTextContent('stored_pass · Stored on the server'))
    expect(document.body).not.toHaveTextContent(STORED_VALUE)
  })

  it('reads an org. reference in the organization, not a same-named secret of the project', async () => {
    await createSecret(PAYMENTS, 'shared_pass', inEnvironment('CONNECTORS_DELEGATE_SECRET_PROJECT'))
    await createSecret(ORG, 'shared_pass', inSecretDir('org/password'))
    await openDetails(dockerConnector(PAYMENTS, 'org_secret', 'org.shared_pass'))
    await waitFor(() =>
      expect(valueOf('Password secret')).toHaveTextContent('org.shared_pass · Delegate secret directory: org/password'),
    )
    expect(valueOf('Password secret')).not.toHaveTextContent('CONNECTORS_DELEGATE_SECRET_PROJECT')
  })

  it('says in words that a secret it refers to no longer exists', async () => {
    await createSecret(PAYMENTS, 'deleted_pass', onServer)
    const connector = dockerConnector(PAYMENTS, 'lost_secret', 'deleted_pass')
    expect((await createConnector(PAYMENTS, connector)).status).toBe(200)
    const deleted = await call('DELETE', '/ng/api/v2/secrets/deleted_pass', {
      scope: PAYMENTS,
      query: { forceDelete: 'true' },
    })
    expect(deleted.status).toBe(200)
    await openDetails(connector, { created: true })
    await waitFor(() =>
      expect(valueOf('Password secret')).toHaveTextContent(
        'deleted_pass · Not found: this secret does not exist or has been deleted',
      ),
    )
    expect(screen.getByRole('dialog')).toHaveTextContent('Username')
  })

  it('says why it cannot tell where a secret lives when the viewer may not see that scope’s secrets', async () => {
    await createSecret(ORG, 'org_only_pass', inEnvironment('CONNECTORS_DELEGATE_SECRET_ORG'))
    const connector = dockerConnector(PAYMENTS, 'org_secret_hidden', 'org.org_only_pass')
    expect((await createConnector(PAYMENTS, connector)).status).toBe(200)
    // The Project Viewer of payments sees the project's secrets, not the organization's.
    setViewAs('demo_project_viewer')
    try {
      await openDetails(connector, { created: true })
      await waitFor(() =>
        expect(valueOf('Password secret')).toHaveTextContent(
          /^org\.org_only_pass · Where it lives is not shown: Missing permission core_secret_view on Secret org_only_pass$/,
        ),
      )
      expect(valueOf('Password secret')).not.toHaveTextContent('CONNECTORS_DELEGATE_SECRET_ORG')
    } finally {
      setViewAs(null)
    }
  })
})
