import { expect, test } from '@playwright/test'
import { expectNoAxeViolations, openFreshConnectorsPage } from './support/connectors-page'

/** Details of a connector has an address of its own: a link or a reload opens it, Back closes it. */

const NAME = 'Docker Hub public'
const DETAILS_PATH = /\/account\/acme\/orgs\/default\/projects\/payments\/connectors\/docker_hub_public\?latency=0$/
const LIST_PATH = /\/account\/acme\/orgs\/default\/projects\/payments\/connectors\?latency=0$/

test('opening Details puts the connector in the address; a reload shows the same Details, and Back closes it', async ({
  page,
}) => {
  await openFreshConnectorsPage(page)
  await page.getByRole('button', { name: `Details of ${NAME}` }).click()
  const details = page.getByRole('dialog', { name: NAME })
  await expect(details.getByText('docker_hub_public', { exact: true })).toBeVisible()
  await expect(page).toHaveURL(DETAILS_PATH)
  await expectNoAxeViolations(page, 'connector Details')

  await page.reload()
  await expect(details.getByText('docker_hub_public', { exact: true })).toBeVisible()
  await expect(details.getByRole('heading', { name: 'Test history' })).toBeVisible()
  await expect(page).toHaveURL(DETAILS_PATH)
  await expectNoAxeViolations(page, 'connector Details after a reload')

  await page.goBack()
  await expect(details).toBeHidden()
  await expect(page).toHaveURL(LIST_PATH)
  await expect(page.getByRole('heading', { level: 1, name: 'Connectors' })).toBeVisible()
  await expect(page.getByRole('row', { name: new RegExp(NAME) })).toBeVisible()
})

test('Close leaves the connector’s address, and Back does not open Details again', async ({ page }) => {
  await openFreshConnectorsPage(page)
  const button = page.getByRole('button', { name: `Details of ${NAME}` })
  await button.click()
  const details = page.getByRole('dialog', { name: NAME })
  await expect(page).toHaveURL(DETAILS_PATH)
  await details.getByRole('button', { name: 'Close', exact: true }).last().click()
  await expect(details).toBeHidden()
  await expect(page).toHaveURL(LIST_PATH)
  await expect(button).toBeFocused()
  // Forward reopens it, as a link would.
  await page.goForward()
  await expect(details).toBeVisible()
  await page.goBack()
  await expect(details).toBeHidden()
})

test('a link to a connector that is not there says so, and Close goes to the list', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await page.goto('/account/acme/orgs/default/projects/payments/connectors/no_such_connector?latency=0')
  const missing = page.getByRole('dialog', { name: 'Connector not found' })
  await expect(missing).toContainText('no_such_connector')
  await expectNoAxeViolations(page, 'a missing connector’s Details')
  await missing.getByRole('button', { name: 'Close', exact: true }).last().click()
  await expect(missing).toBeHidden()
  await expect(page).toHaveURL(LIST_PATH)
})
