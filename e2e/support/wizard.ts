import type { Locator, Page } from '@playwright/test'
import { expect } from '@playwright/test'
import type { ConnectorTypeDefinition } from '../../src/connector-types/connector-type'
import { CONNECTOR_TYPES, findConnectorType } from '../../src/connector-types/registry'

export type Credentials = { username: string; secretName: string } | 'anonymous'

export type ConnectorInput = {
  type: string
  name: string
  url: string
  credentials: Credentials
  providerType?: string
  version?: string
  /** Extra fields by key, filled through the type's registry entry. */
  extras?: Readonly<Record<string, string>>
  delegateTags?: readonly string[]
}

/** A word on its own in an accessible name: `demo_password`, not `org_demo_password`. */
function wholeWord(text: string): RegExp {
  return new RegExp(`(^|[^\\w])${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\w]|$)`)
}

/** The type's own example (its registry entry), as the browser tests enter it. */
export function exampleInput(definition: ConnectorTypeDefinition): ConnectorInput & { shownUrl: string } {
  const { example } = definition
  return {
    type: definition.label,
    name: example.name,
    url: example.url,
    shownUrl: example.shownUrl,
    extras: example.extras,
    credentials:
      example.credentials === 'anonymous'
        ? 'anonymous'
        : { username: example.credentials.username, secretName: example.credentials.passwordSecret },
    delegateTags: example.delegateTags,
  }
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
  await picker.getByRole('radio', { name: wholeWord(secretName) }).check()
  await picker.getByRole('button', { name: 'Apply Selected' }).click()
  await expect(picker).toBeHidden()
}

export async function fillDetails(page: Page, input: ConnectorInput) {
  const wizard = wizardDialog(page)
  if (input.providerType) await wizard.getByRole('radio', { name: input.providerType }).check()
  if (input.version) await wizard.getByRole('combobox', { name: 'Version' }).selectOption(input.version)
  const definition =
    findConnectorType(input.type) ?? CONNECTOR_TYPES.find((candidate) => candidate.label === input.type)
  for (const [key, value] of Object.entries(input.extras ?? {})) {
    const field = definition?.fields.find((candidate) => candidate.key === key)
    if (!field) throw new Error(`${input.type} has no field ${key}`)
    if (field.control === 'select') await wizard.getByRole('combobox', { name: field.label }).selectOption(value)
    else {
      const label = field.options.find((option) => option.value === value)?.label ?? value
      await wizard.getByRole('radio', { name: label, exact: true }).check()
    }
  }
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

export async function saveWithDelegates(page: Page, tags: readonly string[] = []) {
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
