import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { expectNoAxeViolations, openFreshConnectorsPage } from './support/connectors-page'

/**
 * Issue 21 on both hosts: a platform engineer rotates a registry password in one place (the
 * Secrets page), re-tests what uses it in one action, and cannot delete it while a connector uses
 * it; the value never shows, on the page or in the address.
 */

const PAYMENTS = 'accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments'
/** The simulated registries' demo user's password; the seeded Old password secret holds another. */
const NEW_VALUE = 'demo-password'

/** A Docker registry connector signing in with the Old password secret, made through the API from the page. */
async function addConnectorUsingOldPassword(page: Page) {
  const status = await page.evaluate(async (scopeQuery) => {
    const response = await fetch(`/ng/api/connectors?${scopeQuery}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        connector: {
          name: 'Team registry',
          identifier: 'team_registry',
          orgIdentifier: 'default',
          projectIdentifier: 'payments',
          tags: {},
          type: 'DockerRegistry',
          spec: {
            dockerRegistryUrl: 'https://registry.acme.test:5000',
            providerType: 'Other',
            auth: { type: 'UsernamePassword', spec: { username: 'demo', passwordRef: 'old_password' } },
            delegateSelectors: [],
          },
        },
      }),
    })
    return response.status
  }, PAYMENTS)
  expect(status).toBe(200)
}

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true })
}

test('a secret’s new value is re-tested on the connectors that use it, and a delete is refused naming them', async ({
  page,
}) => {
  await openFreshConnectorsPage(page)
  await addConnectorUsingOldPassword(page)
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Secrets' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Secrets' })).toBeVisible()
  await expect(page).toHaveURL(/\/account\/acme\/orgs\/default\/projects\/payments\/secrets/)
  const table = page.getByRole('table', { name: 'Secrets of project payments' })
  const oldPassword = table.getByRole('row').filter({ hasText: 'old_password' })
  await expect(oldPassword).toContainText('1 connector')
  await expect(oldPassword).toContainText('Project payments')
  await expectNoAxeViolations(page, 'the Secrets page')
  await screenshot(page, 'secrets-1280')

  await oldPassword.getByRole('button', { name: 'Edit Old password' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit Old password' })
  await expect(edit).toContainText('Used by 1 connector')
  await expect(edit.getByRole('listitem')).toHaveText('Team registry (project payments)')
  const value = edit.getByLabel(/^New value/)
  await expect(value).toHaveValue('')
  await value.fill(NEW_VALUE)
  await expectNoAxeViolations(page, 'Edit secret')
  await screenshot(page, 'edit-secret-1280')
  await edit.getByRole('button', { name: 'Save secret' }).click()
  await expect(edit).toBeHidden()

  await expect(page.getByText('Old password has its new value')).toBeVisible()
  await page.getByRole('button', { name: 'Test connectors using this secret' }).click()
  const run = page.getByRole('region', { name: 'Re-test finished' })
  await expect(run).toContainText('1 of 1 tested, 0 failed')
  await expect(run.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '1')
  await expectNoAxeViolations(page, 'the re-test after a new value')
  await screenshot(page, 'retested-1280')
  // Write-only: the value is on no page and in no address.
  await expect(page.locator('body')).not.toContainText(NEW_VALUE)
  expect(page.url()).not.toContain(NEW_VALUE)

  await oldPassword.getByRole('button', { name: 'Delete Old password' }).click()
  const remove = page.getByRole('dialog', { name: 'Delete Old password?' })
  await expect(remove).toContainText('Old password is used by 1 connector')
  await expect(remove.getByRole('listitem')).toHaveText('Team registry (project payments)')
  await expect(remove.getByRole('button', { name: 'Delete anyway' })).toBeVisible()
  await expect(remove.getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0)
  await expectNoAxeViolations(page, 'a refused delete')
  await screenshot(page, 'delete-refused-1280')
  await remove.getByRole('button', { name: 'Cancel' }).click()
  await expect(remove).toBeHidden()
  await expect(oldPassword).toBeVisible()

  // On a phone the rows are cards: nothing scrolls the page sideways.
  await page.setViewportSize({ width: 390, height: 844 })
  await expect(oldPassword).toBeVisible()
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await screenshot(page, 'secrets-390')
  await oldPassword.getByRole('button', { name: 'Edit Old password' }).click()
  await expect(edit).toBeVisible()
  await screenshot(page, 'edit-secret-390')
  await edit.getByRole('button', { name: 'Cancel' }).click()

  // The connector's own row says what the re-test found.
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Connectors' }).click()
  await expect(
    page.getByRole('table', { name: 'Connectors' }).getByRole('row', { name: /Team registry/ }),
  ).toContainText('Success')

  // The Audit Trail has the change in words, and no value.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit Trail' }).click()
  const resource = page.getByRole('textbox', { name: 'Resource identifier' })
  await resource.fill('old_password')
  await resource.press('Enter')
  await page.getByRole('combobox', { name: 'Action' }).selectOption('UPDATE')
  const newest = page
    .getByRole('table', { name: /^Audit events of project payments/ })
    .getByRole('row')
    .nth(1)
  await expect(newest).toContainText('Secret old_password')
  await newest.getByRole('button', { name: /^Details of event \d+: Update Secret old_password$/ }).click()
  const after = page.getByLabel('After (secret old_password)').first()
  await expect(after.locator('ins')).toHaveText('added: # value changed (a secret value is never shown)')
  await expect(page.locator('body')).not.toContainText(NEW_VALUE)
  await expectNoAxeViolations(page, 'the secret’s audit event')
  await screenshot(page, 'audit-value-changed-1280')
})

const COMPARISON = 'This secret changed while you were editing it'

/**
 * The Connector Admin saves Demo password while Edit is open: a client of the API (as a script
 * written for Harness's NG API would), from the version stored now, with a new description.
 */
async function theySave(page: Page, description: string) {
  const status = await page.evaluate(
    async ({ scopeQuery, description }) => {
      const address = `/ng/api/v2/secrets/demo_password?${scopeQuery}`
      const read = (await (await fetch(address, { headers: { Accept: 'application/json' } })).json()) as {
        data: { secret: Record<string, unknown>; version: number }
      }
      const response = await fetch(address, {
        method: 'PUT',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'If-Match': `"${read.data.version}"`,
          'x-demo-view-as': 'demo_connector_admin',
        },
        body: JSON.stringify({ secret: { ...read.data.secret, description } }),
      })
      return response.status
    },
    { scopeQuery: PAYMENTS, description },
  )
  expect(status).toBe(200)
}

/** Opens Edit on Demo password, lets someone save it, then saves a new name and value from the stale copy. */
async function staleSecretSave(page: Page) {
  await openFreshConnectorsPage(page)
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Secrets' }).click()
  await page.getByRole('button', { name: 'Edit Demo password' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit Demo password' })
  await expect(edit.getByRole('textbox', { name: 'Secret Name' })).toHaveValue('Demo password')
  await theySave(page, 'Rotated by the platform team')
  await edit.getByRole('textbox', { name: 'Secret Name' }).fill('Demo password mine')
  await edit.getByLabel(/^New value/).fill(NEW_VALUE)
  await edit.getByRole('button', { name: 'Save secret' }).click()
  const comparison = page.getByRole('dialog', { name: COMPARISON })
  await expect(comparison).toBeVisible()
  await expect(comparison.getByText(/^Demo Connector Admin saved version 2 of Demo password on /)).toBeFocused()
  const table = comparison.getByRole('table', { name: '2 fields differ' })
  await expect(table.getByRole('row', { name: /Secret Name/ })).toContainText('Demo passwordDemo password mine')
  await expect(table.getByRole('row', { name: /Description/ })).toContainText('Rotated by the platform team')
  await expect(comparison).toContainText('Value: value changed in your version (you typed a new value).')
  // Write-only: the typed value is on no page.
  await expect(page.locator('body')).not.toContainText(NEW_VALUE)
  return { edit, comparison }
}

test('a stale secret save compares both versions; Keep mine saves yours, and a third change is refused again', async ({
  page,
}) => {
  const { edit, comparison } = await staleSecretSave(page)
  await expectNoAxeViolations(page, 'the secret comparison')
  await screenshot(page, 'secret-conflict-1280')
  // A third change while choosing: Keep mine, sent with version 2, is refused and compared again.
  await theySave(page, 'Changed once more')
  await comparison.getByRole('button', { name: 'Keep mine' }).click()
  await expect(comparison.getByRole('alert')).toContainText('Demo Connector Admin saved version 3.')
  await expect(comparison.getByRole('row', { name: /Description/ })).toContainText('Changed once more')
  await comparison.getByRole('button', { name: 'Keep mine' }).click()
  await expect(comparison).toBeHidden()
  await expect(edit).toBeHidden()
  await expect(page.getByText('Demo password mine has its new value')).toBeVisible()
  const row = page
    .getByRole('table', { name: 'Secrets of project payments' })
    .getByRole('row', { name: /Demo password mine/ })
  await expect(row).toContainText('Password of the demo user on every simulated server.')
})

test('a stale secret save, Take theirs: their version in the form, the typed value kept until saved', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 })
  const { edit, comparison } = await staleSecretSave(page)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await screenshot(page, 'secret-conflict-390')
  // The dialog scrolls on a phone: its last action can be brought into view, not cut off.
  const keepMine = comparison.getByRole('button', { name: 'Keep mine' })
  await keepMine.scrollIntoViewIfNeeded()
  await expect(keepMine).toBeInViewport()
  await page.screenshot({ path: test.info().outputPath('secret-conflict-390-actions.png') })
  await comparison.getByRole('button', { name: 'Take theirs' }).click()
  await expect(comparison).toBeHidden()
  await expect(edit.getByRole('textbox', { name: 'Secret Name' })).toHaveValue('Demo password')
  await expect(edit.getByRole('textbox', { name: /^Description/ })).toHaveValue('Rotated by the platform team')
  await expect(edit.getByLabel(/^New value/)).toHaveValue(NEW_VALUE)
  await expect(edit.getByRole('status')).toContainText('The new value you typed is still in New value')
  await expectNoAxeViolations(page, 'the form after Take theirs')
  await edit.getByRole('button', { name: 'Save secret' }).click()
  await expect(edit).toBeHidden()
  await expect(page.getByText('Demo password has its new value')).toBeVisible()
  const row = page
    .getByRole('table', { name: 'Secrets of project payments' })
    .getByRole('row', { name: /Demo password/ })
  await expect(row.first()).toContainText('Rotated by the platform team')
})
