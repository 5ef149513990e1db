import { expect, test } from '@playwright/test'
import { openFreshConnectorsPage } from './support/connectors-page'
import type { ConnectorInput } from './support/wizard'
import { createConnector, wizardDialog } from './support/wizard'

const demo = { username: 'demo', secretName: 'Demo password' }

type FailureCase = { kind: string; input: ConnectorInput; reason: RegExp; suggestion: RegExp }

const FAILURES: FailureCase[] = [
  {
    kind: 'bad credentials',
    input: {
      type: 'Docker Registry',
      name: 'Wrong password',
      url: 'https://registry.acme.test:5000',
      providerType: 'Other (Docker V2 compliant)',
      credentials: { username: 'demo', secretName: 'old_password' },
    },
    reason: /credentials/i,
    suggestion: /username|password|credentials/i,
  },
  {
    kind: 'DNS',
    input: {
      type: 'Artifactory',
      name: 'Typo host',
      url: 'https://artifactory.nowhere.test/artifactory',
      credentials: demo,
    },
    reason: /resolve|no such host|unknown host/i,
    suggestion: /URL/i,
  },
  {
    kind: 'connection refused',
    input: { type: 'HTTP Helm', name: 'Down charts', url: 'https://down.acme.test', credentials: 'anonymous' },
    reason: /refused/i,
    suggestion: /reachable|running|port|URL/i,
  },
  {
    kind: 'timeout',
    input: { type: 'Nexus', name: 'Slow nexus', url: 'https://slow.acme.test', credentials: 'anonymous' },
    reason: /time(d)? ?out/i,
    suggestion: /reachable|firewall|proxy|network|URL/i,
  },
  {
    kind: 'TLS',
    input: {
      type: 'Artifactory',
      name: 'Expired cert',
      url: 'https://expired-cert.acme.test/artifactory',
      credentials: demo,
    },
    reason: /certificate/i,
    suggestion: /certificate/i,
  },
  {
    kind: '503',
    input: {
      type: 'Docker Registry',
      name: 'Flaky registry',
      url: 'https://flaky.acme.test',
      providerType: 'Other (Docker V2 compliant)',
      credentials: demo,
    },
    reason: /503|Service Unavailable/i,
    suggestion: /retry|again|later|server/i,
  },
  {
    kind: 'wrong kind of server',
    input: {
      type: 'Docker Registry',
      name: 'Nexus as docker',
      url: 'https://nexus.acme.test',
      providerType: 'Other (Docker V2 compliant)',
      credentials: 'anonymous',
    },
    reason: /not a Docker Registry/i,
    suggestion: /connector|URL/i,
  },
  {
    kind: 'no eligible delegate',
    input: {
      type: 'HTTP Helm',
      name: 'Legacy only',
      url: 'https://charts.acme.test/stable',
      credentials: 'anonymous',
      delegateTags: ['legacy'],
    },
    reason: /delegate/i,
    suggestion: /delegate/i,
  },
]

for (const failure of FAILURES) {
  test(`a ${failure.kind} failure shows its reason and a suggestion`, async ({ page }) => {
    await openFreshConnectorsPage(page)
    await createConnector(page, failure.input)
    const wizard = wizardDialog(page)
    const result = wizard.getByRole('alert').filter({ hasText: 'Connection failed' })
    await expect(result).toBeVisible()
    await expect(result).toContainText(failure.reason)
    const suggestions = result.getByRole('list').last()
    await expect(result.getByRole('heading', { name: 'Try these suggestions' })).toBeVisible()
    await expect(suggestions).toContainText(failure.suggestion)

    await result.getByText('Details: stage log').click()
    await expect(result.locator('pre').first()).toBeVisible()

    await expect(wizard.getByRole('button', { name: 'Retry' })).toBeVisible()
    await wizard.getByRole('button', { name: 'Finish' }).click()
    await expect(page.getByRole('row', { name: new RegExp(failure.input.name) })).toContainText('Failed')
  })
}

test('Edit Credentials goes back to Details and the fix updates the same connector', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await createConnector(page, FAILURES[0]!.input)
  const wizard = wizardDialog(page)
  await expect(wizard.getByText('Connection failed')).toBeVisible()
  await wizard.getByRole('button', { name: 'Edit Credentials' }).click()
  await expect(wizard.getByRole('heading', { name: 'Details' })).toBeVisible()
  await expect(wizard.getByRole('textbox', { name: 'Docker Registry URL' })).toHaveValue(
    'https://registry.acme.test:5000',
  )
  await wizard.getByRole('button', { name: 'Create or Select a Secret' }).click()
  const picker = page.getByRole('dialog', { name: 'Create or Select a Secret' })
  await picker.getByRole('radio', { name: /Demo password/ }).check()
  await picker.getByRole('button', { name: 'Apply Selected' }).click()
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await wizard.getByRole('button', { name: 'Save and Continue' }).click()
  await expect(wizard.getByText('Connection successful')).toBeVisible()
  await wizard.getByRole('button', { name: 'Finish' }).click()
  await expect(page.getByRole('row', { name: /Wrong password/ })).toHaveCount(1)
  await expect(page.getByRole('row', { name: /Wrong password/ })).toContainText('Success')
})
