import type { Browser, Locator, Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { getConnectorType } from '../src/connector-types/registry'
import { CONNECTORS_URL, expectNoAxeViolations, openFreshConnectorsPage } from './support/connectors-page'
import { createConnector, exampleInput, wizardDialog } from './support/wizard'

/**
 * Two people (on the demo, whose data lives in the browser: two tabs) work on the same connector.
 * A save made from a stale copy is refused and opens a comparison of the current version (and who
 * saved it) with the refused one, with Keep mine and Take theirs; a deleted connector is not
 * brought back; open lists follow the other's changes.
 */

const charts = exampleInput(getConnectorType('HttpHelmRepo'))
const THEIR_URL = 'https://charts.mirror.acme.test/stable'
const COMPARISON = 'This connector changed while you were editing it'

async function secondTab(page: Page): Promise<Page> {
  const other = await page.context().newPage()
  await other.goto(CONNECTORS_URL)
  await expect(other.getByRole('row', { name: new RegExp(charts.name) })).toBeVisible()
  return other
}

/**
 * The one who saves first: the Connector Admin of payments, in a browser of their own on the
 * server; on the demo, whose data lives in one browser's storage, in a second tab.
 */
async function firstSaver(page: Page, browser: Browser): Promise<Page> {
  const other =
    test.info().project.name === 'demo' ? await page.context().newPage() : await (await browser.newContext()).newPage()
  await other.goto(CONNECTORS_URL)
  await other.getByRole('combobox', { name: 'View as' }).selectOption({ label: 'Connector Admin of payments' })
  await expect(other.getByRole('row', { name: new RegExp(charts.name) })).toBeVisible()
  return other
}

function editWizard(page: Page) {
  return page.getByRole('dialog', { name: 'Edit HTTP Helm connector' })
}

/** From the wizard's Overview: a change on Overview or Details, then Save and Continue. */
async function saveEdit(page: Page, change: { name?: string; url?: string }) {
  const wizard = editWizard(page)
  if (change.name) await wizard.getByRole('textbox', { name: 'Name' }).fill(change.name)
  await wizard.getByRole('button', { name: 'Continue' }).click()
  if (change.url) await wizard.getByRole('textbox', { name: 'Helm Repository URL' }).fill(change.url)
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await wizard.getByRole('button', { name: 'Save and Continue' }).click()
  return wizard
}

/** Both open the wizard; the first saves a new URL, then the second a new name. */
async function wizardConflict(page: Page, browser: Browser) {
  await page.getByRole('button', { name: `Edit ${charts.name}` }).click()
  const first = await firstSaver(page, browser)
  await first.getByRole('button', { name: `Edit ${charts.name}` }).click()
  const saved = await saveEdit(first, { url: THEIR_URL })
  await expect(saved.getByRole('heading', { name: 'Test Connection' })).toBeVisible()
  const wizard = await saveEdit(page, { name: 'Charts renamed here' })
  const comparison = page.getByRole('dialog', { name: COMPARISON })
  await expect(comparison).toBeVisible()
  return { first, wizard, comparison }
}

async function expectCurrentVersionNamed(comparison: Locator) {
  const summary = comparison.getByText(/saved version 2 of Stable charts/)
  await expect(summary).toBeFocused()
  await expect(summary).toContainText('Demo Connector Admin saved version 2 of Stable charts')
}

test.beforeEach(async ({ page }) => {
  await openFreshConnectorsPage(page)
  await createConnector(page, charts)
  await wizardDialog(page).getByRole('button', { name: 'Finish' }).click()
})

test('a stale wizard save compares both versions; Keep mine saves yours over theirs', async ({ page, browser }) => {
  const { first, wizard, comparison } = await wizardConflict(page, browser)
  await expectCurrentVersionNamed(comparison)
  await expect(comparison.getByRole('table', { name: '2 settings differ' })).toBeVisible()
  const url = comparison.getByRole('row', { name: /Helm Repository URL/ })
  await expect(url).toContainText('Changed by Demo Connector Admin')
  await expect(url).toContainText(THEIR_URL)
  await expect(comparison.getByRole('row', { name: /^Name/ })).toContainText('Changed by you')
  await expectNoAxeViolations(page, 'the comparison of a stale wizard save')

  await comparison.getByRole('button', { name: 'Keep mine' }).click()
  await expect(comparison).toBeHidden()
  await expect(wizard.getByRole('heading', { name: 'Test Connection' })).toBeVisible()
  await wizard.getByRole('button', { name: 'Finish' }).click()
  const row = page.getByRole('row', { name: /Charts renamed here/ })
  await expect(row).toContainText(charts.shownUrl)
  await first.reload()
  await expect(first.getByRole('row', { name: /Charts renamed here/ })).toContainText(charts.shownUrl)
})

test('Take theirs puts the version saved first into the wizard, and nothing is saved', async ({ page, browser }) => {
  const { wizard, comparison } = await wizardConflict(page, browser)
  await comparison.getByRole('button', { name: 'Take theirs' }).click()
  await expect(comparison).toBeHidden()
  await expect(
    wizard.getByText(/^The form now holds the current version, saved by Demo Connector Admin. Nothing was saved/),
  ).toBeVisible()
  await wizard.getByRole('button', { name: 'Back' }).click()
  await expect(wizard.getByRole('textbox', { name: 'Helm Repository URL' })).toHaveValue(THEIR_URL)
  await wizard.getByRole('button', { name: 'Back' }).click()
  await expect(wizard.getByRole('textbox', { name: 'Name' })).toHaveValue(charts.name)
  await expect(page.getByRole('row', { name: /Charts renamed here/, includeHidden: true })).toHaveCount(0)
})

/** Details of the charts connector, Edit YAML, one change to the text, Save. */
async function saveYaml(page: Page, change: (text: string) => string) {
  await page.getByRole('button', { name: `Details of ${charts.name}` }).click()
  const details = page.getByRole('dialog', { name: new RegExp(charts.name) })
  await details.getByRole('button', { name: 'Edit YAML' }).click()
  const editor = details.getByRole('textbox', { name: `YAML of ${charts.name}` })
  await editor.fill(change(await editor.inputValue()))
  return { details, editor, save: () => details.getByRole('button', { name: 'Save' }).click() }
}

/** Both edit the YAML; the first saves a new URL, then the second a new name. */
async function yamlConflict(page: Page, browser: Browser) {
  const second = await saveYaml(page, (text) => text.replace(/^(\s*name: ).*$/m, '$1Stable charts from YAML'))
  const first = await firstSaver(page, browser)
  const firstEdit = await saveYaml(first, (text) => text.replace(charts.url, THEIR_URL))
  await firstEdit.save()
  await expect(firstEdit.details.getByText(THEIR_URL, { exact: true })).toBeVisible()
  await second.save()
  const comparison = page.getByRole('dialog', { name: COMPARISON })
  await expect(comparison).toBeVisible()
  await expectCurrentVersionNamed(comparison)
  await expect(comparison.getByLabel(/^Current version/)).toContainText(`removed: helmRepoUrl: ${THEIR_URL}`)
  await expect(comparison.getByLabel(/^Your version/)).toContainText('added: name: Stable charts from YAML')
  return { ...second, comparison }
}

test('a stale Edit YAML compares the two documents; Keep mine, by keyboard, saves yours', async ({ page, browser }) => {
  const { details, comparison } = await yamlConflict(page, browser)
  await expectNoAxeViolations(page, 'the comparison of a stale Edit YAML')
  const keepMine = comparison.getByRole('button', { name: 'Keep mine' })
  for (
    let presses = 0;
    presses < 8 && !(await keepMine.evaluate((button) => button === document.activeElement));
    presses++
  ) {
    await page.keyboard.press('Tab')
  }
  await expect(keepMine).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(comparison).toBeHidden()
  await expect(details.getByLabel(`YAML of Stable charts from YAML`)).toContainText(`helmRepoUrl: ${charts.url}`)
  await expect(details.getByRole('heading', { name: 'Stable charts from YAML' })).toBeVisible()
})

test('Take theirs puts the current YAML in the editor, and nothing is saved', async ({ page, browser }) => {
  const { details, editor, comparison } = await yamlConflict(page, browser)
  await comparison.getByRole('button', { name: 'Take theirs' }).click()
  await expect(comparison).toBeHidden()
  await expect(editor).toBeFocused()
  await expect(editor).toHaveValue(new RegExp(`helmRepoUrl: ${THEIR_URL}`))
  await expect(editor).not.toHaveValue(/Stable charts from YAML/)
  await expect(details.getByText(THEIR_URL, { exact: true })).toBeVisible()
})

test('a connector deleted in another tab is not brought back by an edit', async ({ page }) => {
  await page.getByRole('button', { name: `Edit ${charts.name}` }).click()
  const other = await secondTab(page)
  await other.getByRole('button', { name: `Delete ${charts.name}` }).click()
  await other
    .getByRole('dialog', { name: `Delete ${charts.name}?` })
    .getByRole('button', { name: 'Delete' })
    .click()
  await expect(other.getByRole('row', { name: new RegExp(charts.name) })).toHaveCount(0)

  const stale = await saveEdit(page, { name: 'Resurrected charts' })
  await expect(stale.getByRole('alert')).toContainText('deleted elsewhere')
  await other.reload()
  await expect(other.getByRole('heading', { level: 1, name: 'Connectors' })).toBeVisible()
  await expect(other.getByRole('row', { name: /Resurrected charts/ })).toHaveCount(0)
})

test('an open list shows what another tab created, without a reload', async ({ page }) => {
  const other = await secondTab(page)
  await createConnector(other, { ...exampleInput(getConnectorType('Artifactory')), name: 'From the other tab' })
  await wizardDialog(other).getByRole('button', { name: 'Finish' }).click()
  await expect(page.getByRole('row', { name: /From the other tab/ })).toBeVisible()
})
