import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { CONNECTOR_TYPES } from '../src/connector-types/registry'
import { expectNoAxeViolations, openFreshConnectorsPage } from './support/connectors-page'
import { exampleInput, fillDetails, fillOverview, openWizard, wizardDialog } from './support/wizard'

/** The demo and the server with --simulated-world: both have the simulated delegates, no tokens. */

async function openDelegatesPage(page: Page) {
  await openFreshConnectorsPage(page)
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Delegates' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Delegates' })).toBeVisible()
  await expect(page).toHaveURL(/\/account\/acme\/orgs\/default\/projects\/payments\/delegates/)
}

const delegateRow = (page: Page, name: string) =>
  page.getByRole('table', { name: 'Delegates' }).getByRole('row', { name: new RegExp(`^${name}\\b`) })

test('the Delegates page lists the simulated delegates, says they are simulated, and has no axe violations', async ({
  page,
}) => {
  await openDelegatesPage(page)
  await expect(page.getByRole('status').filter({ hasText: '3 delegates, 2 connected' })).toBeVisible()
  await expect(delegateRow(page, 'delegate-east')).toContainText('Connected')
  await expect(delegateRow(page, 'delegate-east')).toContainText('k8s')
  await expect(delegateRow(page, 'delegate-west')).toContainText('Connected')
  await expect(delegateRow(page, 'delegate-legacy')).toContainText('Disconnected')
  await expect(page.getByText(/The delegates here are simulated/)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Create token' })).toHaveCount(0)
  await expect(page.getByRole('link', { name: 'Delegates' })).toHaveAttribute('aria-current', 'page')
  await expectNoAxeViolations(page, 'the Delegates page')
})

test('the Delegates page is there at the account level too, and at 390 px does not scroll sideways', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await openFreshConnectorsPage(page)
  await page.goto('/account/acme/delegates?latency=0')
  await expect(page.getByRole('heading', { level: 1, name: 'Delegates' })).toBeVisible()
  await expect(delegateRow(page, 'delegate-legacy')).toContainText('Disconnected')
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await expect(page.getByRole('region', { name: 'Delegates table' })).toHaveAttribute('tabindex', '0')
  await expectNoAxeViolations(page, 'the Delegates page at 390 px')
})

test('a delegate tag no delegate has yet can be typed in Delegates Setup: 0 delegates match, said in words', async ({
  page,
}) => {
  await openFreshConnectorsPage(page)
  const input = exampleInput(CONNECTOR_TYPES.find((definition) => definition.type === 'DockerRegistry')!)
  await openWizard(page, input.type)
  await fillOverview(page, 'Later delegate registry')
  await fillDetails(page, input)
  const wizard = wizardDialog(page)
  await expect(wizard.getByRole('heading', { name: 'Delegates Setup' })).toBeVisible()
  await wizard.getByRole('radio', { name: 'Only use Delegates with all of the following tags' }).check()

  const field = wizard.getByRole('textbox', { name: 'Add a delegate tag' })
  await field.fill('east,west')
  await field.press('Enter')
  await expect(wizard.getByRole('alert').filter({ hasText: 'cannot contain a comma' })).toBeVisible()
  await expect(field).toHaveValue('east,west')

  await field.fill('gpu-later')
  await field.press('Enter')
  await expect(wizard.getByRole('list', { name: 'Delegate tags chosen' })).toContainText('gpu-later')
  await expect(wizard.getByRole('status').filter({ hasText: /^0 delegates match/ })).toBeVisible()
  await expect(wizard.getByText(/A delegate started later with these tags will take the tests/)).toBeVisible()
  await expectNoAxeViolations(page, 'Delegates Setup with a typed tag')

  await wizard.getByRole('button', { name: 'Save and Continue' }).click()
  await expect(wizard.getByRole('heading', { name: 'Test Connection' })).toBeVisible()
})
