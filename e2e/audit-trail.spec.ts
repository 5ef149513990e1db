import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { expectNoAxeViolations, openFreshConnectorsPage } from './support/connectors-page'

/**
 * Issue 20 on both hosts: a connector's new URL is on the Audit Trail with who made it and the
 * YAML before and after, the filter stays in the address, Export writes the same events as JSON
 * Lines; a Project Viewer is refused the page in words.
 */

const CONNECTOR = 'docker_hub_public'
const OLD_URL = 'https://index.docker.io/v2/'

async function editUrl(page: Page, url: string) {
  await page.getByRole('button', { name: 'Edit Docker Hub public' }).click()
  const wizard = page.getByRole('dialog', { name: /^Edit .*connector$/ })
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await wizard.getByRole('textbox', { name: /URL$/ }).fill(url)
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await wizard.getByRole('button', { name: 'Save and Continue' }).click()
  await expect(wizard.getByRole('heading', { name: 'Test Connection' })).toBeVisible()
  await wizard.getByRole('button', { name: 'Finish' }).click()
  await expect(wizard).toBeHidden()
}

test('a connector’s new URL is on the Audit Trail with its diff, filtered in the address, and exported', async ({
  page,
}) => {
  // The server's trail outlives a reset: this run's URL is its own.
  const newUrl = `https://mirror-${Date.now().toString(36)}.acme.test/v2/`
  await openFreshConnectorsPage(page)
  await editUrl(page, newUrl)

  await page.getByRole('link', { name: 'Audit Trail' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Audit Trail' })).toBeVisible()
  const resource = page.getByRole('textbox', { name: 'Resource identifier' })
  await resource.fill(CONNECTOR)
  await resource.press('Enter')
  await page.getByRole('combobox', { name: 'Action' }).selectOption('UPDATE')
  await expect(page).toHaveURL(new RegExp(`[?&]resource=${CONNECTOR}(&|$)`))
  await expect(page).toHaveURL(/[?&]action=UPDATE(&|$)/)

  const table = page.getByRole('table', { name: 'Audit events of project payments, newest first' })
  const newest = table.getByRole('row').nth(1)
  await expect(newest).toContainText('Demo Admin')
  await expect(newest).toContainText(`Connector ${CONNECTOR}`)
  await expect(newest).toContainText('Success')
  const toggle = newest.getByRole('button', {
    name: new RegExp(`^Details of event \\d+: Update Connector ${CONNECTOR}$`),
  })
  await toggle.focus()
  await page.keyboard.press('Enter')
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  const before = page.getByLabel(`Before (connector ${CONNECTOR})`).first()
  const after = page.getByLabel(`After (connector ${CONNECTOR})`).first()
  // The URL's line is marked removed on one side and added on the other, in words too.
  await expect(before.locator('del').filter({ hasText: 'dockerRegistryUrl' })).toHaveText(
    `removed: dockerRegistryUrl: ${OLD_URL}`,
  )
  await expect(after.locator('ins').filter({ hasText: 'dockerRegistryUrl' })).toHaveText(
    `added: dockerRegistryUrl: ${newUrl}`,
  )
  await expect(before).not.toContainText(newUrl)
  await expectNoAxeViolations(page, 'the Audit Trail with an event open')
  // On a phone the rows are cards and Before sits above After: nothing scrolls the page sideways.
  await page.setViewportSize({ width: 390, height: 844 })
  await expect(after).toBeVisible()
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await page.setViewportSize({ width: 1280, height: 800 })

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export' }).click(),
  ])
  expect(download.suggestedFilename()).toMatch(/^audit-trail-acme-default-payments-\d{4}-\d{2}-\d{2}\.jsonl$/)
  const lines = (await readFile(await download.path(), 'utf8')).trimEnd().split('\n')
  const events = lines.map(
    (line) =>
      JSON.parse(line) as {
        action: string
        resource: { identifier: string }
        yamlDiffRecord?: { oldYaml: string | null; newYaml: string | null }
      },
  )
  expect(events.every((event) => event.action === 'UPDATE' && event.resource.identifier === CONNECTOR)).toBe(true)
  expect(events[0]?.yamlDiffRecord?.newYaml).toContain(newUrl)
  expect(events[0]?.yamlDiffRecord?.oldYaml).toContain(OLD_URL)
  await expect(page.getByRole('status').filter({ hasText: /Exported \d+ events? to audit-trail-/ })).toBeVisible()

  // A reload (or the link, shared) shows the same filtered trail.
  await page.reload()
  await expect(page.getByRole('textbox', { name: 'Resource identifier' })).toHaveValue(CONNECTOR)
  await expect(page.getByRole('combobox', { name: 'Action' })).toHaveValue('UPDATE')
  await expect(table.getByRole('row').nth(1)).toContainText(`Connector ${CONNECTOR}`)
})

test('a Project Viewer is refused the Audit Trail in words', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await page.getByRole('combobox', { name: 'View as' }).selectOption({ label: 'Project Viewer of payments' })
  await page.getByRole('link', { name: 'Audit Trail' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Audit Trail' })).toBeVisible()
  const refusal = page.getByRole('alert').filter({ hasText: 'You cannot view the audit trail here' })
  await expect(refusal).toContainText(
    'Missing permission core_audit_view on audit trails in project payments in organization default',
  )
  await expect(page.getByRole('table')).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Export' })).toHaveCount(0)
  await expectNoAxeViolations(page, 'the Audit Trail refused to a Project Viewer')
})
