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

/** The characters after which a URL's text moves to a new line, as the browser laid it out. */
function lineBreaksIn(element: HTMLElement): string[] {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
  const breaks: string[] = []
  let previous: { char: string; top: number } | undefined
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? ''
    for (let index = 0; index < text.length; index += 1) {
      const range = document.createRange()
      range.setStart(node, index)
      range.setEnd(node, index + 1)
      const rect = range.getBoundingClientRect()
      if (previous && rect.top > previous.top + 2) breaks.push(previous.char)
      previous = { char: text[index]!, top: rect.top }
    }
  }
  return breaks
}

for (const width of [390, 1280]) {
  test(`at ${width} px a connector’s URL in the list wraps only after a slash, never inside its host or port`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 })
    await openFreshConnectorsPage(page)
    const connectors = [
      { name: 'Loopback charts', identifier: 'loopback_charts', url: 'http://127.0.0.1:61610/charts/stable' },
      {
        name: 'Virtual charts',
        identifier: 'virtual_charts',
        url: 'https://artifacts.internal.example.com:8443/artifactory/api/helm/helm-virtual-remote',
      },
    ]
    const statuses = await page.evaluate(async (connectors) => {
      const scope = 'accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments'
      const answers: number[] = []
      for (const { name, identifier, url } of connectors) {
        const response = await fetch(`/ng/api/connectors?${scope}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({
            connector: {
              name,
              identifier,
              tags: {},
              type: 'HttpHelmRepo',
              spec: { helmRepoUrl: url, auth: { type: 'Anonymous' }, delegateSelectors: [] },
            },
          }),
        })
        answers.push(response.status)
      }
      return answers
    }, connectors)
    expect(statuses).toEqual([200, 200])
    await page.reload()
    for (const { name, url } of connectors) {
      const shown = page.getByRole('row', { name: new RegExp(name) }).getByText(url, { exact: true })
      await expect(shown).toBeVisible()
      const breaks = await shown.evaluate(lineBreaksIn)
      expect(
        breaks.every((char) => char === '/'),
        `${url} breaks after ${JSON.stringify(breaks)}`,
      ).toBe(true)
      // The whole URL on hover, whatever the width left of it.
      await expect(shown).toHaveAttribute('title', url)
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
  })
}
