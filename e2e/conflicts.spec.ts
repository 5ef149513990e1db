import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { getConnectorType } from '../src/connector-types/registry'
import { CONNECTORS_URL, openFreshConnectorsPage } from './support/connectors-page'
import { createConnector, exampleInput, wizardDialog } from './support/wizard'

/**
 * Two tabs of one browser (on the server: two users) work on the same connector. A save made
 * from a stale copy is refused with words and changes nothing; a deleted connector is not
 * brought back; open lists follow the other tab's changes.
 */

const charts = exampleInput(getConnectorType('HttpHelmRepo'))

async function secondTab(page: Page): Promise<Page> {
  const other = await page.context().newPage()
  await other.goto(CONNECTORS_URL)
  await expect(other.getByRole('row', { name: new RegExp(charts.name) })).toBeVisible()
  return other
}

async function saveEdit(page: Page, name: string) {
  const wizard = page.getByRole('dialog', { name: 'Edit HTTP Helm connector' })
  await wizard.getByRole('textbox', { name: 'Name' }).fill(name)
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await wizard.getByRole('button', { name: 'Save and Continue' }).click()
  return wizard
}

test.beforeEach(async ({ page }) => {
  await openFreshConnectorsPage(page)
  await createConnector(page, charts)
  await wizardDialog(page).getByRole('button', { name: 'Finish' }).click()
})

test('a save from a stale copy is refused with words, and the newer save stays', async ({ page }) => {
  await page.getByRole('button', { name: `Edit ${charts.name}` }).click()
  const other = await secondTab(page)
  await other.getByRole('button', { name: `Edit ${charts.name}` }).click()
  const saved = await saveEdit(other, 'Charts from the other tab')
  await expect(saved.getByRole('heading', { name: 'Test Connection' })).toBeVisible()

  const stale = await saveEdit(page, 'Charts from this tab')
  await expect(stale.getByRole('alert')).toContainText(
    'changed since you opened it — reload to see the current version',
  )
  await expect(stale.getByRole('alert')).toContainText('Nothing you typed is lost')
  await expect(stale.getByRole('textbox', { name: 'Name' })).toHaveCount(0)

  await other.reload()
  await expect(other.getByRole('row', { name: /Charts from the other tab/ })).toBeVisible()
  await expect(other.getByRole('row', { name: /Charts from this tab/ })).toHaveCount(0)
})

test('a connector deleted in another tab is not brought back by an edit', async ({ page }) => {
  await page.getByRole('button', { name: `Edit ${charts.name}` }).click()
  const other = await secondTab(page)
  await other.getByRole('button', { name: `Delete ${charts.name}` }).click()
  await other
    .getByRole('dialog', { name: `Delete ${charts.name}?` })
    .getByRole('button', { name: 'Delete' })
    .click()
  await expect(other.getByRole('row', { name: new RegExp(charts.name) })).toHaveCount(0)

  const stale = await saveEdit(page, 'Resurrected charts')
  await expect(stale.getByRole('alert')).toContainText('deleted elsewhere')
  await other.reload()
  await expect(other.getByRole('heading', { level: 1, name: 'Connectors' })).toBeVisible()
  await expect(other.getByRole('row', { name: /Resurrected charts/ })).toHaveCount(0)
})

test('an open list shows what another tab created, without a reload', async ({ page }) => {
  const other = await secondTab(page)
  await createConnector(other, { ...exampleInput(getConnectorType('Artifactory')), name: 'From the other tab' })
  await wizardDialog(other).getByRole('button', { name: 'Finish' }).click()
  await expect(page.getByRole('row', { name: /From the other tab/ })).toBeVisible()
})
