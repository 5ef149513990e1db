import { expect, test } from '@playwright/test'
import type { Locator, Page } from '@playwright/test'
import { openFreshConnectorsPage } from './support/connectors-page'

/** Every list table is a stacked table (src/ui/stacked-table.css): cards on a phone, a row of buttons at its end. */

const SCOPE = '/account/acme/orgs/default/projects/payments'

async function openSection(page: Page, link: string, heading: string) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: link }).click()
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
}

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)

async function box(locator: Locator) {
  const found = await locator.boundingBox()
  if (!found) throw new Error(`${locator.toString()} has no box`)
  return found
}

test('on a phone each list’s rows are cards that name their cells, with the buttons under them', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await openFreshConnectorsPage(page)
  const connector = page.getByRole('row', { name: /Docker Hub public/ })
  await expect(connector.getByRole('cell', { name: /^URL: https:\/\/index\.docker\.io\// })).toBeVisible()
  await expect(page.getByRole('columnheader', { name: /^Connector/ })).toBeHidden()
  // The header row has gone, but not the box that selects the page, with its words.
  await expect(page.getByText('Select all on this page')).toBeVisible()
  await expect(page.getByRole('checkbox', { name: 'Select Docker Hub public' })).toBeVisible()
  // The buttons start where the cells' words start, under them.
  const url = await box(connector.getByRole('cell', { name: /^URL:/ }))
  const test_ = await box(connector.getByRole('button', { name: 'Test Docker Hub public' }))
  expect(Math.abs(test_.x - (url.x + 12))).toBeLessThanOrEqual(1)
  expect(test_.y).toBeGreaterThan(url.y)
  expect(await pageWidth(page)).toBeLessThanOrEqual(390)

  await openSection(page, 'Secrets', 'Secrets')
  const secret = page.getByRole('row', { name: /^Demo password/ })
  await expect(secret.getByRole('cell', { name: 'Type: Text' })).toBeVisible()
  await expect(secret.getByRole('cell', { name: 'Scope: Project payments' })).toBeVisible()
  await expect(page.getByRole('columnheader', { name: 'Type' })).toBeHidden()
  expect(await pageWidth(page)).toBeLessThanOrEqual(390)

  await openSection(page, 'Access control', 'Access control')
  const binding = page.getByRole('row', { name: /^Demo Connector Admin/ })
  await expect(binding.getByRole('cell', { name: 'Role: Connector Admin' })).toBeVisible()
  expect(await pageWidth(page)).toBeLessThanOrEqual(390)
})

test('on a phone the import preview names its cells too', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await openFreshConnectorsPage(page)
  await page.getByRole('button', { name: 'Import YAML' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import YAML' })
  const yaml = `connector:\n  name: Narrow charts\n  identifier: narrow_charts\n  type: HttpHelmRepo\n  spec:\n    helmRepoUrl: https://charts.acme.test/narrow\n    auth:\n      type: Anonymous\n`
  await dialog.getByLabel('YAML file').setInputFiles({
    name: 'narrow.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(yaml),
  })
  const row = dialog.getByRole('row', { name: /Narrow charts/ })
  await expect(row.getByRole('cell', { name: 'Document: 1 (line 1)' })).toBeVisible()
  await expect(row.getByRole('cell', { name: 'Preview: Will be created' })).toBeVisible()
  expect(await pageWidth(page)).toBeLessThanOrEqual(390)
})

test('at 320 px a connector’s five buttons wrap rather than widen the page', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 800 })
  await openFreshConnectorsPage(page)
  const row = page.getByRole('row', { name: /Docker Hub public/ })
  const remove = await box(row.getByRole('button', { name: 'Delete Docker Hub public' }))
  expect(remove.x + remove.width).toBeLessThanOrEqual(320)
  expect(await pageWidth(page)).toBeLessThanOrEqual(320)
})

test('on a wide screen a row’s buttons end at the right of the table, in every list', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await openFreshConnectorsPage(page)
  const lists: { path: string; row: RegExp; button: string }[] = [
    { path: 'connectors', row: /Docker Hub public/, button: 'Delete Docker Hub public' },
    { path: 'secrets', row: /^Demo password/, button: 'Delete Demo password' },
    {
      path: 'access-control',
      row: /^Demo Connector Admin/,
      button: 'Remove Connector Admin from Demo Connector Admin',
    },
  ]
  for (const { path, row, button } of lists) {
    await page.goto(`${SCOPE}/${path}?latency=0`)
    const line = page.getByRole('row', { name: row })
    const end = await box(line.getByRole('button', { name: button }))
    const rowBox = await box(line)
    // The last cell's padding (12 px) is all that is between the last button and the row's end.
    expect(rowBox.x + rowBox.width - (end.x + end.width), path).toBeLessThanOrEqual(13)
  }
})
