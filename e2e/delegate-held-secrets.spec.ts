import { expect, test } from '@playwright/test'
import { expectNoAxeViolations, openFreshConnectorsPage } from './support/connectors-page'
import { fillOverview, openWizard, saveWithDelegates, wizardDialog } from './support/wizard'

/**
 * Issue 21 on both hosts: a secret whose value stays on the delegate. Made on the Secrets page
 * (the server keeps only the variable's name), chosen in the wizard's picker, which says where
 * it lives, and used by a connector's test, whose log says where the delegate read it. In the
 * simulated world every delegate holds CONNECTORS_DELEGATE_SECRET_DEMO_PASSWORD (the demo password).
 */

const VARIABLE = 'CONNECTORS_DELEGATE_SECRET_DEMO_PASSWORD'

test('a secret the delegate holds is made, chosen and used in a connection test', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Secrets' }).click()
  await page.getByRole('button', { name: /New Secret/ }).click()
  const form = page.getByRole('form', { name: 'New Secret Text' })
  await form.getByLabel('Secret Name').fill('Delegate demo password')
  await form.getByRole('radio', { name: 'Delegate environment variable' }).check()
  await expect(form.getByLabel('Secret Value')).toHaveCount(0)
  await form.getByLabel('Variable name').fill('CONNECTORS_SECRET_KEY')
  await form.getByRole('button', { name: 'Save secret' }).click()
  await expect(form.getByText(/Only variables named CONNECTORS_DELEGATE_SECRET_/)).toBeVisible()
  await expectNoAxeViolations(page, 'New Secret refusing a variable')
  await form.getByLabel('Variable name').fill(VARIABLE)
  await form.getByRole('button', { name: 'Save secret' }).click()
  await expect(form).toBeHidden()
  const row = page.getByRole('table', { name: 'Secrets of project payments' }).getByRole('row', {
    name: /Delegate demo password/,
  })
  await expect(row).toContainText(`Delegate environment: ${VARIABLE}`)
  // Found by the variable's name, which is what a platform engineer knows; the others are not.
  const table = page.getByRole('table', { name: 'Secrets of project payments' })
  await page.getByRole('searchbox', { name: 'Search secrets' }).fill(VARIABLE)
  await expect(table.getByText('old_password')).toHaveCount(0)
  await expect(row).toBeVisible()
  await page.getByRole('searchbox', { name: 'Search secrets' }).fill('')
  await expect(table.getByText('old_password')).toBeVisible()

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Connectors' }).click()
  await openWizard(page, 'Docker Registry')
  await fillOverview(page, 'Registry with a delegate secret')
  const wizard = wizardDialog(page)
  await wizard.getByRole('radio', { name: 'Other' }).check()
  await wizard.getByRole('textbox', { name: /URL$/ }).fill('https://registry.acme.test:5000')
  await wizard.getByRole('textbox', { name: 'Username' }).fill('demo')
  await wizard.getByRole('button', { name: 'Create or Select a Secret' }).click()
  const picker = page.getByRole('dialog', { name: 'Create or Select a Secret' })
  const choice = picker.getByRole('radio', { name: /Delegate demo password/ })
  await expect(picker.locator('label').filter({ hasText: 'Delegate demo password' })).toContainText(
    `Delegate environment: ${VARIABLE}`,
  )
  await expectNoAxeViolations(page, 'the secret picker')
  await choice.check()
  await picker.getByRole('button', { name: 'Apply Selected' }).click()
  await expect(picker).toBeHidden()
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await saveWithDelegates(page)
  await expect(wizard.getByText('Connection successful')).toBeVisible()
  await wizard.getByRole('button', { name: 'Finish' }).click()
  await expect(wizard).toBeHidden()

  await page.getByRole('button', { name: 'Details of Registry with a delegate secret' }).click()
  const details = page.getByRole('dialog', { name: 'Registry with a delegate secret' })
  // Details says where the password's value lives, in the Secrets page's words.
  await expect(details.getByRole('definition').filter({ hasText: `Delegate environment: ${VARIABLE}` })).toBeVisible()
  await expectNoAxeViolations(page, 'Details of a connector whose secret the delegate holds')
  const latest = details.getByRole('list', { name: 'Test history' }).getByRole('listitem').first()
  await latest.locator('summary').click()
  await expect(latest).toContainText(`read from the delegate's environment (${VARIABLE})`)
})
