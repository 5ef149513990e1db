import { expect, test } from '@playwright/test'
import { getConnectorType } from '../src/connector-types/registry'
import { openFreshConnectorsPage } from './support/connectors-page'
import { createConnector, exampleInput, wizardDialog } from './support/wizard'

// Docker Registry's own example: registry:2 with Basic auth, user demo and the Demo password secret.
const input = exampleInput(getConnectorType('DockerRegistry'))

test('Details lists a connector’s tests newest first, each opening on its stage log', async ({ page }) => {
  await openFreshConnectorsPage(page)
  // The wizard's test is the first.
  await createConnector(page, input)
  const wizard = wizardDialog(page)
  await expect(wizard.getByText('Connection successful')).toBeVisible()
  await wizard.getByRole('button', { name: 'Finish' }).click()
  await expect(wizard).toBeHidden()

  // The list's Test button runs the second.
  await page.getByRole('button', { name: `Test ${input.name}` }).click()
  await page.getByRole('button', { name: `Details of ${input.name}` }).click()
  const details = page.getByRole('dialog', { name: input.name })
  await expect(details.getByRole('heading', { name: 'Test history' })).toBeVisible()
  const entries = details.getByRole('list', { name: 'Test history' }).getByRole('listitem')
  // Refreshed when the list's test ends, if Details opened first.
  await expect(entries).toHaveCount(2)
  for (const entry of await entries.all()) {
    await expect(entry.locator('summary')).toHaveText(/^Connection successful · .+ · on delegate-\S+ · [\d.]+ (ms|s)$/)
  }
  const times = await entries
    .locator('time')
    .evaluateAll((elements) => elements.map((element) => Date.parse(element.getAttribute('datetime') ?? '')))
  expect(times).toHaveLength(2)
  expect(times[0]).toBeGreaterThan(times[1]!)

  const newest = entries.first()
  const log = newest.locator('pre').first()
  await expect(log).toBeHidden()
  await newest.locator('summary').click()
  await expect(log).toBeVisible()
  await expect(log).toContainText('Task assigned to delegate-')
  await expect(newest.locator('pre').last()).toContainText('/v2/')
  await expect(newest).toContainText('demo_password')
  await expect(details).not.toContainText('demo-password')
  await expect(entries.nth(1).locator('pre').first()).toBeHidden()
})
