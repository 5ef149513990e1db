import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { expectNoAxeViolations, openFreshConnectorsPage } from './support/connectors-page'
import { chooseSecret, wizardDialog } from './support/wizard'

async function openSeededPipeline(page: Page) {
  await openFreshConnectorsPage(page)
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Pipelines' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Pipelines' })).toBeVisible()
  await page.getByRole('link', { name: 'Deploy payments API' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Deploy payments API' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 3, name: 'Artifacts' })).toBeVisible()
}

async function finishInlineWizard(page: Page, name: string) {
  const wizard = wizardDialog(page)
  await wizard.getByRole('textbox', { name: 'Name' }).fill(name)
  await wizard.getByRole('button', { name: 'Continue' }).click()
  return wizard
}

test('a Docker Registry connector created inline is selected in the artifact source and saved with the pipeline', async ({
  page,
}) => {
  await openSeededPipeline(page)
  await page.getByRole('textbox', { name: 'Service name' }).fill('Payments API v2')
  await page.getByRole('button', { name: '+ Add Sidecar' }).click()
  const sidecar = page.getByRole('group', { name: 'Sidecar sidecar_1' })
  await sidecar.getByRole('textbox', { name: 'Image Path' }).fill('acme/log-shipper')
  await sidecar.getByRole('textbox', { name: 'Tag' }).fill('2.3')
  await expect(page.getByRole('status').filter({ hasText: 'Unsaved changes' })).toBeVisible()

  await sidecar.getByRole('button', { name: '+ New Docker Registry Connector' }).click()
  const wizard = await finishInlineWizard(page, 'Sidecar registry')
  await wizard.getByRole('radio', { name: 'Other (Docker V2 compliant)' }).check()
  await wizard.getByRole('textbox', { name: 'Docker Registry URL' }).fill('https://registry.acme.test:5000')
  await wizard.getByRole('textbox', { name: 'Username' }).fill('demo')
  await chooseSecret(page, 'Demo password')
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await wizard.getByRole('button', { name: 'Save and Continue' }).click()
  await expect(wizard.getByText('Connection successful')).toBeVisible()
  await wizard.getByRole('button', { name: 'Finish' }).click()
  await expect(wizard).toBeHidden()

  await expect(sidecar.getByTestId('selected-connector')).toContainText('Sidecar registry')
  await expect(sidecar.getByTestId('selected-connector')).toContainText('Sidecar_registry')
  await expect(sidecar.getByRole('textbox', { name: 'Image Path' })).toHaveValue('acme/log-shipper')
  await expect(page.getByRole('textbox', { name: 'Service name' })).toHaveValue('Payments API v2')

  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'saved' })).toBeVisible()
  await page.reload()
  const reloaded = page.getByRole('group', { name: 'Sidecar sidecar_1' })
  await expect(reloaded.getByTestId('selected-connector')).toContainText('Sidecar registry')
  await expect(reloaded.getByRole('textbox', { name: 'Tag' })).toHaveValue('2.3')
  await expect(page.getByRole('textbox', { name: 'Service name' })).toHaveValue('Payments API v2')
})

test('an OCI Helm connector created inline is selected in a Helm chart and saved', async ({ page }) => {
  await openSeededPipeline(page)
  await page.getByRole('button', { name: '+ Add Helm Chart' }).click()
  const chart = page.getByRole('group', { name: 'Helm Chart helm_chart_1' })
  await chart.getByRole('radio', { name: 'OCI Helm' }).check()
  await chart.getByRole('textbox', { name: 'Chart Name' }).fill('payments')
  await chart.getByRole('button', { name: '+ New OCI Helm Registry Connector' }).click()
  const wizard = await finishInlineWizard(page, 'Charts registry')
  await wizard.getByRole('textbox', { name: 'Helm Repository URL' }).fill('oci://registry.acme.test:5000/charts')
  await wizard.getByRole('textbox', { name: 'Username' }).fill('demo')
  await chooseSecret(page, 'Demo password')
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await wizard.getByRole('button', { name: 'Save and Continue' }).click()
  await expect(wizard.getByText('Connection successful')).toBeVisible()
  await wizard.getByRole('button', { name: 'Finish' }).click()
  await expect(chart.getByTestId('selected-connector')).toContainText('Charts registry')
  await expect(chart.getByRole('textbox', { name: 'Chart Name' })).toHaveValue('payments')

  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'saved' })).toBeVisible()
  await page.reload()
  await expect(
    page.getByRole('group', { name: 'Helm Chart helm_chart_1' }).getByTestId('selected-connector'),
  ).toContainText('Charts registry')
})

test('cancelling the inline wizard leaves the field and the editor as they were', async ({ page }) => {
  await openSeededPipeline(page)
  await page.getByRole('button', { name: '+ Add Sidecar' }).click()
  const sidecar = page.getByRole('group', { name: 'Sidecar sidecar_1' })
  await sidecar.getByRole('textbox', { name: 'Image Path' }).fill('kept/value')
  await sidecar.getByRole('button', { name: '+ New Docker Registry Connector' }).click()
  await wizardDialog(page).getByRole('textbox', { name: 'Name' }).fill('Never saved')
  await page.keyboard.press('Escape')
  await page
    .getByRole('dialog', { name: 'Discard unsaved changes?' })
    .getByRole('button', { name: 'Discard changes' })
    .click()
  await expect(wizardDialog(page)).toBeHidden()
  await expect(sidecar.getByTestId('selected-connector')).toHaveCount(0)
  await expect(sidecar.getByRole('textbox', { name: 'Image Path' })).toHaveValue('kept/value')
})

test('an account-level connector can be picked from the field', async ({ page }) => {
  await openSeededPipeline(page)
  await page.getByRole('button', { name: '+ Add Sidecar' }).click()
  const sidecar = page.getByRole('group', { name: 'Sidecar sidecar_1' })
  await sidecar.getByRole('combobox', { name: 'Artifact Repository Type' }).selectOption('ArtifactoryRegistry')
  await sidecar.getByRole('button', { name: 'Select Artifactory Connector' }).click()
  const picker = page.getByRole('dialog', { name: 'Select Artifactory Connector' })
  await expect(picker.getByRole('heading', { name: /Project/ })).toBeVisible()
  await expect(picker.getByRole('heading', { name: /Organization/ })).toBeVisible()
  await expect(picker.getByRole('heading', { name: /Account/ })).toBeVisible()
  await expectNoAxeViolations(page, 'the connector picker')
  await picker.getByRole('radio', { name: /account\.acme_artifactory/ }).check()
  await picker.getByRole('button', { name: 'Apply Selected' }).click()
  await expect(sidecar.getByTestId('selected-connector')).toContainText('Account connector')
  await expect(sidecar.getByTestId('selected-connector')).toContainText('account.acme_artifactory')
})

test('saving asks for what is missing, and leaving with unsaved changes asks first', async ({ page }) => {
  await openSeededPipeline(page)
  await page.getByRole('button', { name: '+ Add Sidecar' }).click()
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Docker Registry Connector is required.')).toBeVisible()
  await expect(page.getByText('Image Path is required.')).toBeVisible()
  await expectNoAxeViolations(page, 'the pipeline editor with errors')

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Connectors' }).click()
  const leave = page.getByRole('dialog', { name: 'Leave without saving?' })
  await expect(leave).toBeVisible()
  await leave.getByRole('button', { name: 'Stay' }).click()
  await expect(page.getByRole('group', { name: 'Sidecar sidecar_1' })).toBeVisible()
  // The browser's Back button asks too, and staying keeps the edits and the address.
  await page.goBack()
  await expect(leave).toBeVisible()
  await leave.getByRole('button', { name: 'Stay' }).click()
  await expect(page).toHaveURL(/\/pipelines\/deploy_payments_api/)
  await expect(page.getByRole('group', { name: 'Sidecar sidecar_1' })).toBeVisible()
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Connectors' }).click()
  await page
    .getByRole('dialog', { name: 'Leave without saving?' })
    .getByRole('button', { name: 'Leave without saving' })
    .click()
  await expect(page.getByRole('heading', { level: 1, name: 'Connectors' })).toBeVisible()
})

test('a connector used by a pipeline says so before it is deleted', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await page.getByRole('button', { name: 'Delete Docker Hub public' }).click()
  const dialog = page.getByRole('dialog', { name: 'Delete Docker Hub public?' })
  await expect(dialog).toContainText('Used by 1 pipeline')
  await expect(dialog).toContainText('Deploy payments API')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByRole('row', { name: /Docker Hub public/ })).toBeVisible()
})
