import { expect, test } from '@playwright/test'
import { expectNoAxeViolations, openFreshConnectorsPage } from './support/connectors-page'
import { openWizard, wizardDialog } from './support/wizard'

test('the scope switcher changes the list and the address', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await expect(page.getByRole('row', { name: /Docker Hub public/ })).toBeVisible()
  await expect(page.getByRole('row', { name: /acme_artifactory/ })).toHaveCount(0)

  const scope = page.getByRole('group', { name: 'Scope' })
  await scope.getByRole('combobox', { name: 'Organization' }).selectOption({ label: 'None (account level)' })
  await expect(page).toHaveURL(/\/account\/acme\/connectors/)
  await expect(page.getByRole('row', { name: /acme_artifactory/ })).toBeVisible()
  await expect(page.getByRole('row', { name: /Docker Hub public/ })).toHaveCount(0)
  await page.reload()
  await expect(page.getByRole('row', { name: /acme_artifactory/ })).toBeVisible()

  await scope.getByRole('combobox', { name: 'Organization' }).selectOption('default')
  await expect(page).toHaveURL(/\/account\/acme\/orgs\/default\/connectors/)
  await scope.getByRole('combobox', { name: 'Project' }).selectOption('checkout')
  await expect(page).toHaveURL(/\/projects\/checkout\/connectors/)
  await expect(page.getByRole('row', { name: /Docker Hub public/ })).toHaveCount(0)
  await expectNoAxeViolations(page, 'the connectors of another project')
})

test('an org-level connector cannot use a project secret', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await page
    .getByRole('group', { name: 'Scope' })
    .getByRole('combobox', { name: 'Project' })
    .selectOption({ label: 'None (organization level)' })
  await expect(page).toHaveURL(/\/orgs\/default\/connectors/)
  await openWizard(page, 'Docker Registry')
  const wizard = wizardDialog(page)
  await wizard.getByRole('textbox', { name: 'Name' }).fill('Org registry')
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await wizard.getByRole('button', { name: 'Create or Select a Secret' }).click()
  const picker = page.getByRole('dialog', { name: 'Create or Select a Secret' })
  await expect(picker.getByRole('tab', { name: 'Organization' })).toHaveAttribute('aria-selected', 'true')
  await expect(picker.getByRole('tab', { name: 'Account' })).toBeVisible()
  await expect(picker.getByRole('tab', { name: 'Project' })).toHaveCount(0)
  await expect(picker.getByRole('radio', { name: / demo_password/ })).toHaveCount(0)
  await picker.getByRole('radio', { name: /org_demo_password/ }).check()
  await picker.getByRole('button', { name: 'Apply Selected' }).click()
  await expect(wizard.getByTestId('selected-secret')).toContainText('Organization secret')
})

test('New project makes a project in the organization and switches to it; New organization says what is wrong at the field', async ({
  page,
}) => {
  await openFreshConnectorsPage(page)
  const scope = page.getByRole('group', { name: 'Scope' })
  const suffix = Date.now().toString(36)
  await scope.getByRole('button', { name: 'New project' }).click()
  const dialog = page.getByRole('dialog', { name: 'New project' })
  await expect(dialog.getByRole('textbox', { name: 'Project Name' })).toBeFocused()
  await page.keyboard.type(`Mobile ${suffix}`)
  await expect(dialog.getByRole('textbox', { name: 'Project Identifier' })).toHaveValue(`Mobile_${suffix}`)
  await expectNoAxeViolations(page, 'the New project dialog')
  await dialog.getByRole('button', { name: 'Create project' }).click()
  await expect(dialog).toBeHidden()
  await expect(page).toHaveURL(new RegExp(`/orgs/default/projects/Mobile_${suffix}/connectors`))
  await expect(scope.getByRole('combobox', { name: 'Project' })).toHaveValue(`Mobile_${suffix}`)

  await scope.getByRole('button', { name: 'New organization' }).click()
  const orgDialog = page.getByRole('dialog', { name: 'New organization' })
  await orgDialog.getByRole('textbox', { name: 'Organization Name' }).fill('platform')
  await orgDialog.getByRole('button', { name: 'Create organization' }).click()
  await expect(orgDialog.getByText('An organization with identifier [platform] is already present')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(orgDialog).toBeHidden()
})
