import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { expectNoAxeViolations, openFreshConnectorsPage } from './support/connectors-page'
import { chooseSecret, fillOverview, openWizard, wizardDialog } from './support/wizard'

type Focused = { role: string | null; name: string; tag: string; type: string | null }

/** Presses a key until the focused element matches, as a keyboard user would. */
async function pressUntil(page: Page, key: string, matches: (element: Focused) => boolean, limit = 40) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press(key)
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null
      if (!element) return { role: null, name: '', tag: '', type: null }
      const labelled = element.getAttribute('aria-label')
      const labels = (element as HTMLInputElement).labels
      const name = labelled ?? (labels && labels.length ? (labels[0]!.textContent ?? '') : (element.textContent ?? ''))
      return {
        role: element.getAttribute('role'),
        name: name.trim(),
        tag: element.tagName.toLowerCase(),
        type: element.getAttribute('type'),
      }
    })
    if (matches(focused)) return
  }
  throw new Error(`The element was never reached with ${key}`)
}

const tabTo = (page: Page, matches: (element: Focused) => boolean) => pressUntil(page, 'Tab', matches)

test('the whole create flow works with the keyboard alone', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await page.locator('body').click({ position: { x: 1, y: 1 } })
  await tabTo(page, (el) => el.tag === 'button' && el.name.includes('New Connector'))
  await page.keyboard.press('Enter')
  const catalog = page.getByRole('dialog', { name: 'New Connector' })
  await expect(catalog).toBeVisible()
  await page.keyboard.type('helm')
  await tabTo(page, (el) => el.tag === 'button' && el.name === 'HTTP Helm')
  await page.keyboard.press('Enter')

  const wizard = wizardDialog(page)
  await expect(wizard.getByRole('textbox', { name: 'Name' })).toBeFocused()
  await page.keyboard.type('Keyboard charts')
  await page.keyboard.press('Enter')
  await expect(wizard.getByRole('heading', { name: 'Details' })).toBeFocused()

  await tabTo(page, (el) => el.tag === 'input' && el.name.includes('Helm Repository URL'))
  await page.keyboard.type('https://charts.acme.test/private')
  await tabTo(page, (el) => el.type === 'radio' && el.name.startsWith('Username and Password'))
  await tabTo(page, (el) => el.tag === 'input' && el.name === 'Username')
  await page.keyboard.type('demo')
  await tabTo(page, (el) => el.tag === 'button' && el.name.includes('Create or Select a Secret'))
  await page.keyboard.press('Enter')
  const picker = page.getByRole('dialog', { name: 'Create or Select a Secret' })
  await expect(picker).toBeVisible()
  // A radio group is one Tab stop; the arrow keys move through it and choose.
  await tabTo(page, (el) => el.type === 'radio')
  await pressUntil(page, 'ArrowDown', (el) => el.type === 'radio' && el.name.includes('Demo password'), 10)
  await tabTo(page, (el) => el.tag === 'button' && el.name === 'Apply Selected')
  await page.keyboard.press('Enter')
  await expect(picker).toBeHidden()
  await expect(wizard.getByTestId('selected-secret')).toContainText('Demo password')

  await tabTo(page, (el) => el.tag === 'button' && el.name === 'Continue')
  await page.keyboard.press('Enter')
  await expect(wizard.getByRole('heading', { name: 'Delegates Setup' })).toBeFocused()
  await tabTo(page, (el) => el.tag === 'button' && el.name === 'Save and Continue')
  await page.keyboard.press('Enter')
  await expect(wizard.getByText('Connection successful')).toBeVisible()
  await tabTo(page, (el) => el.tag === 'button' && el.name === 'Finish')
  await page.keyboard.press('Enter')
  await expect(wizard).toBeHidden()
  await expect(page.getByRole('row', { name: /Keyboard charts/ })).toContainText('Success')
})

test('axe finds no violations on the page, the catalog and every wizard step', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await expectNoAxeViolations(page, 'the Connectors page')

  await page.getByRole('button', { name: 'New Connector' }).click()
  await expect(
    page.getByRole('dialog', { name: 'New Connector' }).getByRole('heading', { name: 'Artifact Repositories' }),
  ).toBeVisible()
  await expectNoAxeViolations(page, 'the catalog')
  await page.keyboard.press('Escape')

  await openWizard(page, 'Docker Registry')
  const wizard = wizardDialog(page)
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await expect(wizard.getByText('Name is required.')).toBeVisible()
  await expectNoAxeViolations(page, 'Overview with errors')
  await fillOverview(page, 'Axe registry')
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await expect(wizard.getByText('Docker Registry URL is required.')).toBeVisible()
  await expectNoAxeViolations(page, 'Details with errors')

  await wizard.getByRole('textbox', { name: 'Docker Registry URL' }).fill('https://harbor.acme.test')
  await wizard.getByRole('textbox', { name: 'Username' }).fill('demo')
  await wizard.getByRole('button', { name: 'Create or Select a Secret' }).click()
  await expect(page.getByRole('dialog', { name: 'Create or Select a Secret' }).getByRole('radio').first()).toBeVisible()
  await expectNoAxeViolations(page, 'the secret picker')
  await page
    .getByRole('dialog', { name: 'Create or Select a Secret' })
    .getByRole('button', { name: '+ New Secret Text' })
    .click()
  await expectNoAxeViolations(page, 'the new secret form')
  await page
    .getByRole('dialog', { name: 'Create or Select a Secret' })
    .getByRole('button', { name: 'Back to secrets' })
    .click()
  await page.getByRole('dialog', { name: 'Create or Select a Secret' }).getByRole('button', { name: 'Cancel' }).click()
  await chooseSecret(page, 'Demo password')
  await wizard.getByRole('button', { name: 'Continue' }).click()

  await expect(wizard.getByRole('heading', { name: 'Delegates Setup' })).toBeVisible()
  await wizard.getByRole('radio', { name: 'Only use Delegates with all of the following tags' }).check()
  await expect(wizard.getByRole('checkbox', { name: 'docker', exact: true })).toBeVisible()
  await expectNoAxeViolations(page, 'Delegates Setup')
  await wizard.getByRole('checkbox', { name: 'docker', exact: true }).check()
  await wizard.getByRole('button', { name: 'Save and Continue' }).click()

  await expect(wizard.getByText(/Connection (successful|failed)/)).toBeVisible()
  await expectNoAxeViolations(page, 'Test Connection')
  await wizard.getByRole('button', { name: 'Finish' }).click()
  await expectNoAxeViolations(page, 'the list with a new connector')
})
