import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect } from '@playwright/test'

export const CONNECTORS_URL = '/account/acme/orgs/default/projects/payments/connectors?latency=0'

/** A fresh start: the seed, nothing left from an earlier test. */
export async function openFreshConnectorsPage(page: Page) {
  await page.goto(CONNECTORS_URL)
  await expect(page.getByRole('heading', { level: 1, name: 'Connectors' })).toBeVisible()
  await page.getByRole('button', { name: 'Reset demo data' }).click()
  await page.getByRole('dialog', { name: 'Reset demo data?' }).getByRole('button', { name: 'Reset demo data' }).click()
  await expect(page.getByRole('dialog', { name: 'Reset demo data?' })).toBeHidden()
  await expect(page.getByRole('row', { name: /Docker Hub public/ })).toBeVisible()
}

export async function expectNoAxeViolations(page: Page, context: string) {
  const results = await new AxeBuilder({ page }).analyze()
  const summary = results.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  )
  expect(summary, `axe violations on ${context}`).toEqual([])
}
