import { expect, test } from '@playwright/test'
import { CONNECTOR_TYPES, getConnectorType } from '../src/connector-types/registry'
import { openFreshConnectorsPage } from './support/connectors-page'
import { createConnector, exampleInput, wizardDialog } from './support/wizard'

// Every registered type's own example: a new type is walked here without a new row.
const SUCCESSFUL = CONNECTOR_TYPES.map(exampleInput)
const example = (type: string) => exampleInput(getConnectorType(type))

for (const input of SUCCESSFUL) {
  test(`creates a ${input.type} connector that connects and is listed`, async ({ page }) => {
    await openFreshConnectorsPage(page)
    await createConnector(page, input)
    const wizard = wizardDialog(page)
    await expect(wizard.getByText('Connection successful')).toBeVisible()
    await expect(wizard.getByText(/Executed on delegate-/)).toBeVisible()
    await wizard.getByRole('button', { name: 'Finish' }).click()
    await expect(wizard).toBeHidden()

    const row = page.getByRole('row', { name: new RegExp(input.name) })
    await expect(row).toContainText(input.type)
    await expect(row).toContainText(input.shownUrl)
    await expect(row).toContainText('Success')
  })
}

test('a reload keeps the connector and its last test', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await createConnector(page, example('HttpHelmRepo'))
  await expect(wizardDialog(page).getByText('Connection successful')).toBeVisible()
  await wizardDialog(page).getByRole('button', { name: 'Finish' }).click()
  await page.reload()
  const row = page.getByRole('row', { name: /Stable charts/ })
  await expect(row).toContainText('https://charts.acme.test/stable')
  await expect(row).toContainText('Success')
})

test('a duplicate identifier is refused on Overview', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await page.getByRole('button', { name: 'New Connector' }).click()
  await page
    .getByRole('dialog', { name: 'New Connector' })
    .getByRole('button', { name: 'Docker Registry', exact: true })
    .click()
  const wizard = wizardDialog(page)
  await wizard.getByRole('textbox', { name: 'Name' }).fill('Another hub')
  await wizard.getByRole('textbox', { name: 'Identifier' }).fill('docker_hub_public')
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await expect(wizard.getByText(/docker_hub_public already exists here/)).toBeVisible()
  await expect(wizard.getByRole('textbox', { name: 'Identifier' })).toBeFocused()
  await expect(wizard.locator('[aria-current="step"]')).toContainText('Overview')
})

test('the catalog finds Docker Registry for other registries and explains S3', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await page.getByRole('button', { name: 'New Connector' }).click()
  const catalog = page.getByRole('dialog', { name: 'New Connector' })
  const search = catalog.getByRole('searchbox', { name: 'Search connector types' })
  for (const query of ['ACR', 'ECR', 'GCR', 'GHCR', 'Harbor', 'Quay']) {
    await search.fill(query)
    await expect(catalog.getByRole('button', { name: 'Docker Registry', exact: true })).toBeVisible()
  }
  await search.fill('S3')
  await expect(catalog.getByText(/Amazon S3 .* Cloud Providers/)).toBeVisible()
  await search.fill('Google Cloud Storage')
  await expect(catalog.getByText(/Google Cloud Storage .* Cloud Providers/)).toBeVisible()
})

test('editing a connector keeps its identifier and never shows a secret value', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await createConnector(page, example('Artifactory'))
  await wizardDialog(page).getByRole('button', { name: 'Finish' }).click()

  await page.getByRole('button', { name: 'Edit Acme JFrog' }).click()
  const wizard = page.getByRole('dialog', { name: 'Edit Artifactory connector' })
  await expect(wizard.getByRole('textbox', { name: 'Identifier' })).toHaveValue('Acme_JFrog')
  await expect(wizard.getByRole('textbox', { name: 'Identifier' })).toHaveAttribute('readonly', '')
  await wizard.getByRole('textbox', { name: 'Name' }).fill('Acme JFrog EU')
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await expect(wizard.getByRole('textbox', { name: 'Artifactory Repository URL' })).toHaveValue(
    'https://acme.jfrog.io/artifactory',
  )
  await expect(wizard.getByTestId('selected-secret')).toContainText('Demo password')
  await expect(wizard).not.toContainText('demo-password')
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await wizard.getByRole('button', { name: 'Save and Continue' }).click()
  await expect(wizard.getByText('Connection successful')).toBeVisible()
  await wizard.getByRole('button', { name: 'Finish' }).click()
  await expect(page.getByRole('row', { name: /Acme JFrog EU/ })).toHaveCount(1)
  await expect(page.getByRole('row', { name: /Acme_JFrog/ })).toHaveCount(1)
})

test("a connector's details show its settings and Harness YAML, with secrets only as references", async ({ page }) => {
  await openFreshConnectorsPage(page)
  await createConnector(page, example('OciHelmRepo'))
  await wizardDialog(page).getByRole('button', { name: 'Finish' }).click()
  await page.getByRole('button', { name: 'Details of OCI charts' }).click()
  const details = page.getByRole('dialog', { name: 'OCI charts' })
  await expect(details).toContainText('No pipeline uses this connector.')
  await expect(details).toContainText('oci://registry.acme.test:5000/charts')
  const yaml = details.getByLabel('YAML of OCI charts')
  await expect(yaml).toContainText('type: OciHelmRepo')
  await expect(yaml).toContainText('helmRepoUrl: registry.acme.test:5000/charts')
  await expect(yaml).toContainText('passwordRef: demo_password')
  await expect(yaml).not.toContainText('demo-password')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('button', { name: 'Details of OCI charts' })).toBeFocused()
})

test('the browser’s Back with a half-filled wizard asks before anything is lost', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Pipelines' }).click()
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Connectors' }).click()
  await page.getByRole('button', { name: 'New Connector' }).click()
  await page.getByRole('dialog', { name: 'New Connector' }).getByRole('button', { name: 'Nexus', exact: true }).click()
  const wizard = wizardDialog(page)
  await wizard.getByRole('textbox', { name: 'Name' }).fill('Half done')

  await page.goBack()
  const ask = page.getByRole('dialog', { name: 'Leave without saving?' })
  await expect(ask).toBeVisible()
  await ask.getByRole('button', { name: 'Stay' }).click()
  await expect(wizard.getByRole('textbox', { name: 'Name' })).toHaveValue('Half done')
  await expect(page).toHaveURL(/\/connectors/)
})
