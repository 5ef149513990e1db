import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { MIRROR_YAML as MIRROR } from '../src/test/mirror-connector-yaml'
import { expectNoAxeViolations, openFreshConnectorsPage } from './support/connectors-page'
import { wizardDialog } from './support/wizard'

const SEEDED = 'Docker Hub public'
const NEW_URL = 'https://registry.acme.test:5000'

function detailsDialog(page: Page) {
  return page.getByRole('dialog', { name: SEEDED })
}

async function openEditYaml(page: Page) {
  await page.getByRole('button', { name: `Details of ${SEEDED}` }).click()
  const details = detailsDialog(page)
  await details.getByRole('button', { name: 'Edit YAML' }).click()
  const editor = details.getByRole('textbox', { name: `YAML of ${SEEDED}` })
  await expect(editor).toBeFocused()
  return { details, editor }
}

test('Clone opens the wizard on a copy, which is saved only by Save and Continue', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await page.getByRole('button', { name: `Clone ${SEEDED}` }).click()
  const wizard = wizardDialog(page)
  await expect(wizard).toHaveAccessibleName('New Docker Registry connector')
  await expect(wizard.getByRole('textbox', { name: 'Name' })).toHaveValue(`${SEEDED} copy`)
  await expect(wizard.getByRole('textbox', { name: 'Identifier' })).toHaveValue('docker_hub_public_copy')
  await expect(wizard.getByRole('textbox', { name: 'Identifier' })).toBeEditable()

  await wizard.getByRole('button', { name: 'Continue' }).click()
  await expect(wizard.getByRole('textbox', { name: 'Docker Registry URL' })).toHaveValue('https://index.docker.io/v2/')
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await expect(wizard.getByRole('heading', { name: 'Delegates Setup' })).toBeVisible()
  // Nothing is saved yet.
  await expect(page.getByRole('row', { name: new RegExp(`${SEEDED} copy`), includeHidden: true })).toHaveCount(0)
  await wizard.getByRole('button', { name: 'Save and Continue' }).click()
  await expect(wizard.getByText('Connection successful')).toBeVisible()
  await wizard.getByRole('button', { name: 'Finish' }).click()
  await expect(wizard).toBeHidden()

  await expect(page.getByRole('row', { name: new RegExp(`${SEEDED} copy`) })).toBeVisible()
  await expect(page.getByRole('row', { name: new RegExp(SEEDED) })).toHaveCount(2)
})

test('Create via YAML names the line and field of a mistake, then creates and tests the connector', async ({
  page,
}) => {
  await openFreshConnectorsPage(page)
  await page.getByRole('button', { name: 'Create via YAML' }).click()
  const dialog = page.getByRole('dialog', { name: 'Create via YAML' })
  const yaml = dialog.getByRole('textbox', { name: 'Connector YAML' })
  await yaml.fill(MIRROR)
  await dialog.getByRole('button', { name: 'Create' }).click()
  const problems = dialog.getByRole('alert')
  await expect(problems).toContainText(/Line 7, spec\.dockerRegistryUrl: .*scheme/i)
  await expect(yaml).toHaveValue(MIRROR)
  await expectNoAxeViolations(page, 'Create via YAML with a problem')

  await yaml.fill(MIRROR.replace('registry.acme.test:5000', NEW_URL))
  await dialog.getByRole('button', { name: 'Create' }).click()
  await expect(dialog.getByText('Connector created')).toBeVisible()
  await dialog.getByRole('button', { name: 'Test connection' }).click()
  await expect(dialog.getByText('Connection successful')).toBeVisible()
  await dialog.getByRole('button', { name: 'Finish' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('row', { name: /Registry mirror/ })).toContainText('registry.acme.test:5000')
})

test('Edit YAML saves a new URL, and refuses a new identifier in words', async ({ page }) => {
  await openFreshConnectorsPage(page)
  const { details, editor } = await openEditYaml(page)
  await expectNoAxeViolations(page, 'Edit YAML')
  const text = await editor.inputValue()
  await editor.fill(text.replace('https://index.docker.io/v2/', NEW_URL))
  await details.getByRole('button', { name: 'Save' }).click()
  await expect(details.getByRole('textbox', { name: `YAML of ${SEEDED}` })).toBeHidden()
  await expect(details.getByText(NEW_URL, { exact: true })).toBeVisible()
  await expect(details.getByLabel(`YAML of ${SEEDED}`)).toContainText(`dockerRegistryUrl: ${NEW_URL}`)

  await details.getByRole('button', { name: 'Edit YAML' }).click()
  const again = details.getByRole('textbox', { name: `YAML of ${SEEDED}` })
  await again.fill((await again.inputValue()).replace('identifier: docker_hub_public', 'identifier: docker_hub_2'))
  await details.getByRole('button', { name: 'Save' }).click()
  await expect(details.getByRole('alert')).toContainText(
    /Line \d+, identifier: The identifier cannot change here: it must stay docker_hub_public/,
  )
  await details.getByRole('button', { name: 'Cancel' }).click()
  await details.getByRole('button', { name: 'Close' }).first().click()
  await expect(details).toBeHidden()
  await expect(page.getByRole('row', { name: new RegExp(SEEDED) })).toContainText('registry.acme.test:5000')
})
