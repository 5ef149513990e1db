import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { CONNECTORS_URL, expectNoAxeViolations, openFreshConnectorsPage } from './support/connectors-page'

const PAYMENTS = 'accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments'
const CHECKOUT = 'accountIdentifier=acme&orgIdentifier=default&projectIdentifier=checkout'

type Helm = { name: string; identifier: string; url: string }

/**
 * HTTP Helm connectors (anonymous, so they need no secret of any project), created through the
 * API from the page: Mock Service Worker answers on the demo, the server on the other host.
 */
async function addHelmConnectors(page: Page, scopeQuery: string, connectors: Helm[]) {
  const statuses = await page.evaluate(
    async ({ scopeQuery, connectors }) => {
      const answers: number[] = []
      for (const { name, identifier, url } of connectors) {
        const response = await fetch(`/ng/api/connectors?${scopeQuery}`, {
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
    },
    { scopeQuery, connectors },
  )
  expect(statuses).toEqual(connectors.map(() => 200))
}

/** The HTTP status of reading a connector through the API. */
function statusOf(page: Page, scopeQuery: string, identifier: string) {
  return page.evaluate(
    async ({ scopeQuery, identifier }) => (await fetch(`/ng/api/connectors/${identifier}?${scopeQuery}`)).status,
    { scopeQuery, identifier },
  )
}

const table = (page: Page) => page.getByRole('table', { name: 'Connectors' })

test('Test selected re-tests the ticked rows and counts the failure', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await addHelmConnectors(page, PAYMENTS, [
    { name: 'Down charts', identifier: 'down_charts', url: 'https://down.acme.test' },
  ])
  await page.reload()
  await page.getByRole('checkbox', { name: 'Select Down charts' }).check()
  await page.getByRole('checkbox', { name: 'Select Docker Hub public' }).check()
  await expect(page.getByRole('checkbox', { name: 'Select all on this page' })).toBeChecked()
  await page.getByRole('button', { name: 'Test selected' }).click()

  const run = page.getByRole('region', { name: 'Re-test finished' })
  await expect(run.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '2')
  await expect(run.getByRole('progressbar')).toHaveAttribute('aria-valuemax', '2')
  await expect(run).toContainText('2 of 2 tested, 1 failed')
  await expect(run.getByRole('listitem')).toHaveCount(1)
  await expect(run.getByRole('listitem')).toContainText(/Down charts.*refused/i)
  await expect(table(page).getByRole('row', { name: /Down charts/ })).toContainText('Failed')
  await expect(table(page).getByRole('row', { name: /Docker Hub public/ })).toContainText('Success')

  await run.getByRole('button', { name: 'Details of Down charts' }).click()
  await expect(page.getByRole('dialog', { name: /Down charts/ })).toContainText(/refused/i)
})

test('Cancel stops a bulk re-test: the tests in flight end and no more start', async ({ page }, testInfo) => {
  await openFreshConnectorsPage(page)
  const slow = Array.from({ length: 8 }, (_, index) => ({
    name: `Slow ${index}`,
    identifier: `slow_${index}`,
    url: 'https://slow.acme.test',
  }))
  await addHelmConnectors(page, PAYMENTS, slow)
  if (testInfo.project.name === 'server') {
    // The server's simulated world answers at once (it has no latency setting): hold its tests,
    // as a registry that does not answer would, so that there is a run to cancel.
    await page.route('**/testConnection/**', () => undefined)
    await page.reload()
  } else {
    // Realistic latency: the slow server times out only after 15 s.
    await page.goto(CONNECTORS_URL.replace('?latency=0', ''))
  }
  await page.getByRole('searchbox', { name: 'Search connectors' }).fill('slow')
  await expect(table(page).getByRole('row')).toHaveCount(9)
  await page.getByRole('checkbox', { name: 'Select all on this page' }).check()
  await page.getByRole('button', { name: 'Test selected' }).click()

  const running = page.getByRole('region', { name: 'Re-testing connectors' })
  await expect(running.getByRole('progressbar')).toHaveAttribute('aria-valuemax', '8')
  await expect(table(page).getByText('Testing…')).toHaveCount(4)
  await running.getByRole('button', { name: 'Cancel' }).click()

  const cancelled = page.getByRole('region', { name: 'Re-test cancelled' })
  await expect(cancelled).toContainText('0 of 8 tested, 0 failed')
  await expect(cancelled.getByRole('heading', { name: 'Re-test cancelled' })).toBeFocused()
  await expect(table(page).getByText('Testing…')).toHaveCount(0)
  await expect(table(page).getByText('Not tested')).toHaveCount(8)
})

/** Export YAML, and the file it downloaded. */
async function exportYaml(page: Page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export YAML' }).click(),
  ])
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') }
}

const documentsOf = (text: string) => text.split(/^---$/m).filter((part) => part.includes('connector:'))

test('Export YAML downloads the ticked (or all filtered) connectors; Import previews, then writes them elsewhere', async ({
  page,
}) => {
  await openFreshConnectorsPage(page)
  await addHelmConnectors(page, PAYMENTS, [
    { name: 'Stable charts', identifier: 'stable_charts', url: 'https://charts.acme.test/stable' },
    { name: 'Private charts', identifier: 'private_charts', url: 'https://charts.acme.test/private' },
  ])
  await page.reload()
  await page.getByRole('checkbox', { name: 'Select Stable charts' }).check()
  await page.getByRole('checkbox', { name: 'Select Docker Hub public' }).check()
  const picked = await exportYaml(page)
  expect(picked.name).toBe('connectors-acme-default-payments.yaml')
  expect(documentsOf(picked.text)).toHaveLength(2)
  await expect(page.getByText('Exported 2 connectors to connectors-acme-default-payments.yaml.')).toBeVisible()

  await page.getByRole('button', { name: 'Clear selection' }).click()
  const all = await exportYaml(page)
  expect(documentsOf(all.text)).toHaveLength(3)
  expect(all.text).toContain('identifier: private_charts')

  // Into another project, where one of them exists already; and one document is broken.
  await addHelmConnectors(page, CHECKOUT, [
    { name: 'Checkout charts', identifier: 'stable_charts', url: 'https://charts.acme.test/stable' },
  ])
  await page.getByRole('group', { name: 'Scope' }).getByRole('combobox', { name: 'Project' }).selectOption('checkout')
  await expect(page).toHaveURL(/\/projects\/checkout\/connectors/)
  await expect(table(page).getByRole('row', { name: /Checkout charts/ })).toBeVisible()

  await page.getByRole('button', { name: 'Import YAML' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import YAML' })
  await expect(dialog.getByLabel('YAML file')).toBeFocused()
  await expect(dialog).toContainText('imported into project checkout (organization default)')
  await expectNoAxeViolations(page, 'the import dialog')
  const broken = `---\nconnector:\n  name: Broken\n  identifier: broken\n  type: HttpHelmRepo\n  spec:\n    helmRepoUrl: charts.acme.test\n    auth:\n      type: Anonymous\n`
  await dialog.getByLabel('YAML file').setInputFiles({
    name: all.name,
    mimeType: 'application/yaml',
    buffer: Buffer.from(all.text + broken),
  })

  await expect(dialog.getByRole('heading', { name: 'Preview: 4 documents' })).toBeFocused()
  await expect(dialog.getByRole('row', { name: /Docker Hub public/ })).toContainText('Will be created')
  await expect(dialog.getByRole('row', { name: /Private charts/ })).toContainText('Will be created')
  await expect(dialog.getByRole('row', { name: /Stable charts/ })).toContainText('Already exists')
  await expect(dialog.getByRole('row', { name: /Broken/ })).toContainText(/Invalid\s*line \d+, spec\.helmRepoUrl/)
  await expectNoAxeViolations(page, 'the import preview')
  // Nothing is written before Import.
  expect(await statusOf(page, CHECKOUT, 'private_charts')).toBe(404)

  await dialog.getByRole('combobox', { name: 'Action for stable_charts' }).selectOption('Overwrite')
  await dialog.getByRole('button', { name: 'Import 3 connectors' }).click()
  await expect(dialog.getByRole('heading', { name: 'Import finished' })).toBeFocused()
  await expect(dialog).toContainText('Import finished: 2 created, 1 overwritten, 1 skipped, 0 failed.')
  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('button', { name: 'Import YAML' })).toBeFocused()
  await expect(table(page).getByRole('row', { name: /Stable charts/ })).toBeVisible()
  await expect(table(page).getByRole('row', { name: /Private charts/ })).toBeVisible()
  await expect(table(page).getByRole('row', { name: /Docker Hub public/ })).toBeVisible()
})

/** With SCREENSHOTS=<dir>: the page at 1280 and 390 px wide, to look at (not compared). */
async function shoot(page: Page, name: string) {
  const dir = process.env.SCREENSHOTS
  if (!dir) return
  const size = page.viewportSize()
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage: true })
  }
  if (size) await page.setViewportSize(size)
}

/** POSTs through the API from the page (Mock Service Worker on the demo, the server on the other host). */
async function post(page: Page, path: string, body: unknown) {
  const status = await page.evaluate(
    async ({ path, body }) =>
      (
        await fetch(path, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify(body),
        })
      ).status,
    { path, body },
  )
  expect(status).toBe(200)
}

const secretBody = (identifier: string) => ({
  secret: {
    type: 'SecretText',
    name: identifier,
    identifier,
    tags: {},
    orgIdentifier: 'default',
    projectIdentifier: 'payments',
    spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', value: `${identifier}-value` },
  },
})

const registryBody = (name: string, identifier: string, spec: Record<string, string>) => ({
  connector: {
    name,
    identifier,
    tags: {},
    type: 'DockerRegistry',
    spec: {
      dockerRegistryUrl: 'https://registry.acme.test/v2/',
      providerType: 'Other',
      auth: { type: 'UsernamePassword', spec },
      delegateSelectors: [],
    },
  },
})

test('Import into another project says which secrets are missing, creates them, and does what its preview said', async ({
  page,
}) => {
  await openFreshConnectorsPage(page)
  for (const identifier of ['reg_user', 'reg_pass'])
    await post(page, `/ng/api/v2/secrets?${PAYMENTS}`, secretBody(identifier))
  await post(
    page,
    `/ng/api/connectors?${PAYMENTS}`,
    registryBody('Registry two', 'registry_two', { usernameRef: 'reg_user', passwordRef: 'reg_pass' }),
  )
  await post(
    page,
    `/ng/api/connectors?${PAYMENTS}`,
    registryBody('Registry one', 'registry_one', { username: 'ci', passwordRef: 'reg_pass' }),
  )
  await addHelmConnectors(page, PAYMENTS, [
    { name: 'Open charts', identifier: 'open_charts', url: 'https://charts.acme.test/open' },
  ])
  await page.reload()
  for (const name of ['Registry two', 'Registry one', 'Open charts']) {
    await page.getByRole('checkbox', { name: `Select ${name}` }).check()
  }
  const exported = await exportYaml(page)
  expect(documentsOf(exported.text)).toHaveLength(3)

  await page.getByRole('group', { name: 'Scope' }).getByRole('combobox', { name: 'Project' }).selectOption('checkout')
  await expect(page).toHaveURL(/\/projects\/checkout\/connectors/)
  await page.getByRole('button', { name: 'Import YAML' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import YAML' })
  await dialog.getByLabel('YAML file').setInputFiles({
    name: exported.name,
    mimeType: 'application/yaml',
    buffer: Buffer.from(exported.text),
  })
  await expect(dialog.getByRole('heading', { name: 'Preview: 3 documents' })).toBeFocused()
  await expect(dialog.getByRole('row', { name: /Registry two/ })).toContainText('Needs secrets reg_user, reg_pass')
  await expect(dialog.getByRole('row', { name: /Registry one/ })).toContainText('Needs secret reg_pass')
  await expect(dialog.getByRole('row', { name: /Open charts/ })).toContainText('Will be created')
  await expect(dialog).toContainText('If you import now: 1 created, 0 overwritten, 2 skipped.')
  await expectNoAxeViolations(page, 'the import preview with missing secrets')
  await shoot(page, 'import-needs-secrets')
  expect(await statusOf(page, CHECKOUT, 'open_charts')).toBe(404)

  await dialog.getByRole('button', { name: 'Create the missing secrets' }).click()
  await expect(dialog.getByRole('heading', { name: 'Create the missing secrets' })).toBeFocused()
  // Asked once each, though two connectors use reg_pass.
  await expect(dialog.getByRole('group')).toHaveCount(2)
  const promised = await dialog.getByText(/^With these secrets, the import will do:/).textContent()
  expect(promised).toBe('With these secrets, the import will do: 3 created, 0 overwritten, 0 skipped.')
  await expectNoAxeViolations(page, 'Create the missing secrets')
  for (const name of ['reg_user', 'reg_pass']) {
    const group = dialog.getByRole('group', { name: new RegExp(`^${name} in project checkout`) })
    await expect(group.getByLabel('Secret Name')).toHaveValue(name)
    await group.getByLabel('Secret Value').fill(`${name} for checkout`)
  }
  await shoot(page, 'import-create-secrets')
  await dialog.getByRole('button', { name: 'Create 2 secrets and import' }).click()

  await expect(dialog.getByRole('heading', { name: 'Import finished' })).toBeFocused()
  const result = await dialog.getByText(/^Import finished: \d/).textContent()
  const counts = (text: string | null) => (text ?? '').match(/\d+ (created|overwritten|skipped)/g)
  expect(counts(result)).toEqual(counts(promised))
  expect(result).toContain('0 failed')
  for (const identifier of ['registry_two', 'registry_one', 'open_charts']) {
    expect(await statusOf(page, CHECKOUT, identifier)).toBe(200)
  }
  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(table(page).getByRole('row', { name: /Registry two/ })).toBeVisible()
})
