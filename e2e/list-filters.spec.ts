import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { expectNoAxeViolations, openFreshConnectorsPage } from './support/connectors-page'

const SCOPE_QUERY = 'accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments'

/**
 * Two more connectors in payments, through the API from the page (Mock Service Worker answers on
 * the demo, the server on the other host): an Artifactory never tested, tagged team:payments, and
 * a Docker registry whose test fails. With the seed's Docker Hub public (Success,
 * registry:dockerhub) the list has one of each status.
 */
async function addConnectors(page: Page) {
  const statuses = await page.evaluate(async (scopeQuery) => {
    const post = async (path: string, body?: unknown) =>
      (
        await fetch(`/ng/api/connectors${path}?${scopeQuery}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
      ).status
    const common = { orgIdentifier: 'default', projectIdentifier: 'payments', description: '' }
    return [
      await post('', {
        connector: {
          ...common,
          name: 'Payments Artifactory',
          identifier: 'payments_artifactory',
          tags: { team: 'payments' },
          type: 'Artifactory',
          spec: {
            artifactoryServerUrl: 'https://acme.jfrog.io/artifactory',
            auth: { type: 'Anonymous' },
            delegateSelectors: [],
            executeOnDelegate: true,
          },
        },
      }),
      await post('', {
        connector: {
          ...common,
          name: 'Stale registry',
          identifier: 'stale_registry',
          tags: { team: 'platform' },
          type: 'DockerRegistry',
          spec: {
            dockerRegistryUrl: 'https://registry.acme.test:5000',
            providerType: 'Other',
            auth: { type: 'UsernamePassword', spec: { username: 'demo', passwordRef: 'old_password' } },
            delegateSelectors: [],
            executeOnDelegate: true,
          },
        },
      }),
      await post('/testConnection/stale_registry'),
    ]
  }, SCOPE_QUERY)
  expect(statuses).toEqual([200, 200, 200])
  await page.reload()
  await expect(page.getByRole('row', { name: /Stale registry/ })).toBeVisible()
}

/** The connector names of the list's rows, in order. */
function rowNames(page: Page) {
  return page.getByRole('table', { name: 'Connectors' }).locator('tbody .connector-cell__name')
}

test('filters by type, connectivity status and tags, and a reload keeps them', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await addConnectors(page)
  const names = rowNames(page)
  await expect(names).toHaveCount(3)

  const type = page.getByLabel('Type', { exact: true })
  await type.selectOption({ label: 'Artifactory' })
  await expect(names).toHaveText(['Payments Artifactory'])
  await expect(page).toHaveURL(/[?&]type=Artifactory(&|$)/)
  await type.selectOption({ label: 'Docker Registry' })
  await expect(names).toHaveText(['Stale registry', 'Docker Hub public'])

  const status = page.getByLabel('Connectivity status', { exact: true })
  await status.selectOption({ label: 'Failed' })
  await expect(names).toHaveText(['Stale registry'])
  await expect(page).toHaveURL(/[?&]status=failed(&|$)/)
  await status.selectOption({ label: 'Success' })
  await expect(names).toHaveText(['Docker Hub public'])

  // A reload (and so a link) opens the same list.
  await page.reload()
  await expect(page.getByLabel('Type', { exact: true })).toHaveValue('DockerRegistry')
  await expect(page.getByLabel('Connectivity status', { exact: true })).toHaveValue('success')
  await expect(names).toHaveText(['Docker Hub public'])
  await expect(page).toHaveURL(/[?&]latency=0(&|$)/)

  await page.getByLabel('Type', { exact: true }).selectOption({ label: 'All types' })
  await page.getByLabel('Connectivity status', { exact: true }).selectOption({ label: 'All statuses' })
  await expect(names).toHaveCount(3)

  const tags = page.getByLabel('Tags', { exact: true })
  await tags.fill('team')
  await tags.press('Enter')
  await expect(names).toHaveText(['Stale registry', 'Payments Artifactory'])
  await tags.fill('team:payments')
  await tags.press('Enter')
  await expect(names).toHaveText(['Payments Artifactory'])
  await expect(page).toHaveURL(/[?&]tag=team%3Apayments(&|$)/)
  await page.getByLabel('Connectivity status', { exact: true }).selectOption({ label: 'Failed' })
  await expect(page.getByText('No connector matches these filters.')).toBeVisible()

  await page.reload()
  await expect(page.getByLabel('Tags', { exact: true })).toHaveValue('team:payments')
  await expect(page.getByLabel('Connectivity status', { exact: true })).toHaveValue('failed')
  await expect(page.getByText('No connector matches these filters.')).toBeVisible()
  await expectNoAxeViolations(page, 'the filtered connector list')

  await page.getByRole('button', { name: 'Clear filters' }).click()
  await expect(names).toHaveCount(3)
  await expect(page.getByLabel('Tags', { exact: true })).toHaveValue('')
  expect(new URL(page.url()).search).toBe('?latency=0')
})

test('search matches the type label, the status and a tag as the row shows them', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await addConnectors(page)
  const names = rowNames(page)
  const search = page.getByRole('searchbox', { name: 'Search connectors' })
  await search.fill('Artifactory')
  await expect(names).toHaveText(['Payments Artifactory'])
  await search.fill('Failed')
  await expect(names).toHaveText(['Stale registry'])
  await search.fill('registry:dockerhub')
  await expect(names).toHaveText(['Docker Hub public'])
  await expect(page).toHaveURL(/[?&]q=registry%3Adockerhub(&|$)/)
  await page.reload()
  await expect(page.getByRole('searchbox', { name: 'Search connectors' })).toHaveValue('registry:dockerhub')
  await expect(names).toHaveText(['Docker Hub public'])
})

test('sorts by name both ways, saying so with aria-sort, and a reload keeps the order', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await addConnectors(page)
  const names = rowNames(page)
  const nameHeader = page.getByRole('columnheader', { name: /^Connector/ })
  const updatedHeader = page.getByRole('columnheader', { name: /^Last updated/ })
  await expect(updatedHeader).toHaveAttribute('aria-sort', 'descending')
  await expect(nameHeader).toHaveAttribute('aria-sort', 'none')

  await nameHeader.getByRole('button').click()
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending')
  await expect(updatedHeader).toHaveAttribute('aria-sort', 'none')
  await expect(names).toHaveText(['Docker Hub public', 'Payments Artifactory', 'Stale registry'])
  await expect(page).toHaveURL(/[?&]sort=name(&|$)/)

  await nameHeader.getByRole('button').click()
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending')
  await expect(names).toHaveText(['Stale registry', 'Payments Artifactory', 'Docker Hub public'])
  await expect(page).toHaveURL(/[?&]order=desc(&|$)/)

  await page.reload()
  await expect(page.getByRole('columnheader', { name: /^Connector/ })).toHaveAttribute('aria-sort', 'descending')
  await expect(names).toHaveText(['Stale registry', 'Payments Artifactory', 'Docker Hub public'])

  // Last tested: newest test first, never tested last.
  const tested = page.getByRole('columnheader', { name: /^Connectivity status/ })
  await tested.getByRole('button').click()
  await expect(tested).toHaveAttribute('aria-sort', 'descending')
  await expect(names).toHaveText(['Stale registry', 'Docker Hub public', 'Payments Artifactory'])

  // Leaving the list leaves its parameters behind.
  await page.getByRole('link', { name: 'Pipelines' }).click()
  await expect(page).toHaveURL(/\/pipelines\?latency=0$/)
})

for (const width of [390, 1280]) {
  test(`the filters fit at ${width} px`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height: 900 })
    await openFreshConnectorsPage(page)
    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Docker Registry' })
    await page.getByLabel('Tags', { exact: true }).fill('registry:dockerhub')
    await page.getByLabel('Tags', { exact: true }).press('Enter')
    await expect(rowNames(page)).toHaveText(['Docker Hub public'])
    for (const label of ['Type', 'Connectivity status', 'Tags']) {
      await expect(page.getByLabel(label, { exact: true })).toBeVisible()
    }
    // On a phone the table has no header row: the order is a select.
    await expect(page.getByLabel('Sort by', { exact: true })).toBeVisible({ visible: width < 720 })
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await page.screenshot({ path: testInfo.outputPath(`filters-${width}.png`), fullPage: true })
  })
}
