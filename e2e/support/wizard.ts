import type { Locator, Page } from '@playwright/test'
import { expect } from '@playwright/test'

export type Credentials = { username: string; secretName: string } | 'anonymous'

export type ConnectorInput = {
  type: string
  name: string
  url: string
  credentials: Credentials
  providerType?: string
  version?: string
  delegateTags?: string[]
}

export function wizardDialog(page: Page): Locator {
  return page.getByRole('dialog', { name: /connector$/ })
}

export async function openWizard(page: Page, typeLabel: string) {
  await page.getByRole('button', { name: 'New Connector' }).click()
  const catalog = page.getByRole('dialog', { name: 'New Connector' })
  await expect(catalog.getByRole('heading', { name: 'Artifact Repositories' })).toBeVisible()
  await catalog.getByRole('button', { name: typeLabel, exact: true }).click()
  await expect(wizardDialog(page)).toBeVisible()
}

export async function fillOverview(page: Page, name: string) {
  const wizard = wizardDialog(page)
  await wizard.getByRole('textbox', { name: 'Name' }).fill(name)
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await expect(wizard.getByRole('heading', { name: 'Details' })).toBeVisible()
}

export async function chooseSecret(page: Page, secretName: string) {
  await wizardDialog(page).getByRole('button', { name: 'Create or Select a Secret' }).click()
  const picker = page.getByRole('dialog', { name: 'Create or Select a Secret' })
  await picker.getByRole('radio', { name: new RegExp(secretName) }).check()
  await picker.getByRole('button', { name: 'Apply Selected' }).click()
  await expect(picker).toBeHidden()
}

export async function fillDetails(page: Page, input: ConnectorInput) {
  const wizard = wizardDialog(page)
  if (input.providerType) await wizard.getByRole('radio', { name: input.providerType }).check()
  if (input.version) await wizard.getByRole('combobox', { name: 'Version' }).selectOption(input.version)
  await wizard.getByRole('textbox', { name: /URL$/ }).fill(input.url)
  if (input.credentials === 'anonymous') {
    await wizard.getByRole('radio', { name: 'Anonymous (no credentials required)' }).check()
  } else {
    await wizard.getByRole('textbox', { name: 'Username' }).fill(input.credentials.username)
    await chooseSecret(page, input.credentials.secretName)
  }
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await expect(wizard.getByRole('heading', { name: 'Delegates Setup' })).toBeVisible()
}

export async function saveWithDelegates(page: Page, tags: string[] = []) {
  const wizard = wizardDialog(page)
  if (tags.length) {
    await wizard.getByRole('radio', { name: 'Only use Delegates with all of the following tags' }).check()
    for (const tag of tags) await wizard.getByRole('checkbox', { name: tag, exact: true }).check()
  }
  await wizard.getByRole('button', { name: 'Save and Continue' }).click()
  await expect(wizard.getByRole('heading', { name: 'Test Connection' })).toBeVisible()
}

/** Catalog → Overview → Details → Delegates Setup → Test Connection. */
export async function createConnector(page: Page, input: ConnectorInput) {
  await openWizard(page, input.type)
  await fillOverview(page, input.name)
  await fillDetails(page, input)
  await saveWithDelegates(page, input.delegateTags)
}
