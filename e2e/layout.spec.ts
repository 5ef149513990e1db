import { expect, test } from '@playwright/test'
import { getConnectorType } from '../src/connector-types/registry'
import { openFreshConnectorsPage } from './support/connectors-page'
import { createConnector, exampleInput, wizardDialog } from './support/wizard'

/** What a new user saw go wrong at common screen widths. */

test('at 390 px the Pipelines page does not scroll sideways', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await openFreshConnectorsPage(page)
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Pipelines' }).click()
  await expect(page.getByRole('link', { name: /Deploy payments API/ })).toBeVisible()
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  // The table scrolls in its own region, which the keyboard can reach.
  await expect(page.getByRole('region', { name: 'Pipelines table' })).toHaveAttribute('tabindex', '0')
})

for (const width of [1280, 1366]) {
  test(`at ${width} px the Organization select shows all of "None (account level)"`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 })
    await openFreshConnectorsPage(page)
    const organization = page.getByRole('combobox', { name: 'Organization' })
    await organization.selectOption({ label: 'None (account level)' })
    await expect(page.getByRole('heading', { level: 1, name: 'Connectors' })).toBeVisible()
    // The chosen option's text, its padding and the arrow must fit in the select.
    const [needed, selectWidth] = await organization.evaluate((select) => {
      const style = getComputedStyle(select)
      const probe = document.createElement('span')
      probe.style.font = style.font
      probe.style.whiteSpace = 'pre'
      probe.textContent = select instanceof HTMLSelectElement ? (select.selectedOptions[0]?.text ?? '') : ''
      document.body.append(probe)
      const text = probe.getBoundingClientRect().width
      probe.remove()
      return [text + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 16, select.clientWidth]
    })
    expect(selectWidth).toBeGreaterThanOrEqual(needed)
  })
}

test('a connector row’s divider runs under the whole row, whichever cell is tallest', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await createConnector(page, exampleInput(getConnectorType('HttpHelmRepo')))
  await wizardDialog(page).getByRole('button', { name: 'Finish' }).click()
  // Narrow enough that the actions wrap below a short Connector cell, wide enough for the table.
  await page.setViewportSize({ width: 760, height: 800 })
  const row = page.getByRole('row', { name: /Stable charts/ })
  const [rowHeight, headerCellHeight] = await row.evaluate((tr) => [
    tr.getBoundingClientRect().height,
    tr.querySelector('th')?.getBoundingClientRect().height ?? 0,
  ])
  expect(Math.round(headerCellHeight)).toBe(Math.round(rowHeight))
})
