import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { expectNoAxeViolations, openFreshConnectorsPage } from './support/connectors-page'

/**
 * What each role may do, as its holder sees it, on both hosts (the demo has no sign-in: "View
 * as" switches between its Account Admin, a Project Viewer and a Connector Admin of payments).
 */

async function viewAs(page: Page, role: string) {
  await page.getByRole('combobox', { name: 'View as' }).selectOption({ label: role })
}

/** The API as another client would call it from this page, as the demo user `viewAs`. */
async function callApi(page: Page, method: string, path: string, viewAsUser: string) {
  return page.evaluate(
    async ({ method, path, viewAsUser }) => {
      const scope = 'accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments'
      const response = await fetch(`${path}?${scope}`, { method, headers: { 'x-demo-view-as': viewAsUser } })
      return { status: response.status, body: (await response.json()) as { code?: string; message?: string } }
    },
    { method, path, viewAsUser },
  )
}

test('a Project Viewer sees the connectors, with every change disabled and its reason, and the API refuses the same', async ({
  page,
}) => {
  await openFreshConnectorsPage(page)
  await viewAs(page, 'Project Viewer of payments')
  const row = page.getByRole('row', { name: /Docker Hub public/ })
  await expect(row).toBeVisible()
  const newConnector = page.getByRole('button', { name: 'New Connector' })
  await expect(newConnector).toHaveAttribute('aria-disabled', 'true')
  await expect(newConnector).toHaveAccessibleDescription(
    'Your role does not let you create or edit connectors in project payments (core_connector_edit).',
  )
  for (const [action, permission] of [
    ['Test', 'core_connector_access'],
    ['Edit', 'core_connector_edit'],
    ['Delete', 'core_connector_delete'],
  ] as const) {
    const button = row.getByRole('button', { name: `${action} Docker Hub public` })
    await expect(button).toHaveAttribute('aria-disabled', 'true')
    await expect(button).toHaveAccessibleDescription(new RegExp(`\\(${permission}\\)`))
  }
  await expect(page.getByText(/Your role does not let you create, edit, test or delete them/)).toBeVisible()
  // A click on a refused control does nothing (forced: Playwright itself holds back from an aria-disabled one).
  await row.getByRole('button', { name: 'Delete Docker Hub public' }).click({ force: true })
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expectNoAxeViolations(page, 'the connectors as a Project Viewer')

  const refused = await callApi(page, 'DELETE', '/ng/api/connectors/docker_hub_public', 'demo_project_viewer')
  expect(refused).toEqual({
    status: 403,
    body: expect.objectContaining({
      code: 'NG_ACCESS_DENIED',
      message: 'Missing permission core_connector_delete on Connector docker_hub_public',
    }) as unknown,
  })
  await page.reload()
  await expect(page.getByRole('combobox', { name: 'View as' })).toHaveValue('demo_project_viewer')
  await expect(row).toBeVisible()
})

test('a Connector Admin creates connectors but cannot open Access control', async ({ page }) => {
  await openFreshConnectorsPage(page)
  await viewAs(page, 'Connector Admin of payments')
  await expect(page.getByRole('button', { name: 'New Connector' })).not.toHaveAttribute('aria-disabled')
  await page.getByRole('link', { name: 'Access control' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Access control' })).toBeVisible()
  const refusal = page.getByRole('alert').filter({ hasText: 'You cannot view access control here' })
  await expect(refusal).toContainText(
    'Missing permission core_user_view on users in project payments in organization default',
  )
  await expect(page.getByRole('table', { name: /Role bindings/ })).toHaveCount(0)
  await expectNoAxeViolations(page, 'Access control refused to a Connector Admin')
})

test('an Account Admin binds a role on the Access control page, and the binding takes effect at once', async ({
  page,
}) => {
  await openFreshConnectorsPage(page)
  await page.getByRole('link', { name: 'Access control' }).click()
  const table = page.getByRole('table', { name: 'Role bindings at project payments' })
  await expect(table.getByRole('row', { name: /Demo Project Viewer.*Project Viewer/ })).toBeVisible()
  await expectNoAxeViolations(page, 'Access control as an Account Admin')

  await page.getByRole('combobox', { name: 'User or service account' }).selectOption('USER/demo_project_viewer')
  await page.getByRole('combobox', { name: 'Role' }).selectOption({ label: 'Connector Admin' })
  await page.getByRole('button', { name: 'Add binding' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'Demo Project Viewer now holds Connector Admin.' }),
  ).toBeVisible()
  await expect(table.getByRole('row', { name: /Demo Project Viewer.*Connector Admin/ })).toBeVisible()

  await viewAs(page, 'Project Viewer of payments')
  await page.getByRole('link', { name: 'Connectors' }).click()
  await expect(page.getByRole('button', { name: 'New Connector' })).not.toHaveAttribute('aria-disabled')

  await viewAs(page, 'Account Admin')
  await page.getByRole('link', { name: 'Access control' }).click()
  await table.getByRole('button', { name: 'Remove Connector Admin from Demo Project Viewer' }).click()
  await page
    .getByRole('dialog', { name: 'Remove this role binding?' })
    .getByRole('button', { name: 'Remove binding' })
    .click()
  await expect(table.getByRole('row', { name: /Demo Project Viewer.*Connector Admin/ })).toHaveCount(0)
})
