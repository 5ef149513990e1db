import { rmSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { type StartedProcess, startTsProcess } from '../src/test/processes'
import { SIGN_IN_PORT } from './ports'
import { expectNoAxeViolations } from './support/connectors-page'
import { createConnector, wizardDialog } from './support/wizard'

/**
 * The real app as `npm start` runs it (the production build, no simulated world), started fresh
 * by this spec so that it can read the setup link the server prints: the first administrator is
 * created through that link, signs out, and signs in again on the page they wanted.
 */

const ROOT = '.tmp/e2e-sign-in'
const BASE = `http://127.0.0.1:${SIGN_IN_PORT}`
// A new account's organization and project (Harness's names), in the account --account names.
const CONNECTORS = '/account/acme/orgs/default/projects/default_project/connectors'
const PIPELINES = '/account/acme/orgs/default/projects/default_project/pipelines'
const ACCESS_CONTROL = '/account/acme/orgs/default/projects/default_project/access-control'
const PASSWORD = 'a long enough password'

test.use({ baseURL: BASE })
test.describe.configure({ mode: 'serial' })

let server: StartedProcess | undefined
let setupLink = ''

test.beforeAll(async () => {
  test.setTimeout(180_000)
  rmSync(ROOT, { recursive: true, force: true })
  server = startTsProcess(
    'src/server/main.ts',
    ['--port', String(SIGN_IN_PORT), '--data', `${ROOT}/data`, '--no-delegate', '--account', 'acme'],
    { CONNECTORS_SECRET_KEY: '', CONNECTORS_SECRET_KEY_FILE: '', DATABASE_URL: '' },
  )
  const [, link] = await server.waitFor(/(http:\/\/\S+\/setup\?token=[\w-]+)/, 150_000)
  setupLink = link!
})

test.afterAll(async () => {
  await server?.stop()
})

async function signInPage(page: Page) {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
}

test('before setup, the app points at the setup link; the API refuses with SETUP_REQUIRED', async ({
  page,
  request,
}) => {
  const refused = await request.get('/ng/api/connectors?accountIdentifier=acme')
  expect(refused.status()).toBe(401)
  expect(await refused.json()).toMatchObject({ code: 'SETUP_REQUIRED' })
  await page.goto(CONNECTORS)
  await expect(page.getByText(/No administrator exists yet\. Open the setup link/)).toBeVisible()
  await expectNoAxeViolations(page, 'the page before setup')
})

test('the setup link creates the first administrator, who can sign out and sign in again where they were', async ({
  page,
}) => {
  await page.goto(setupLink)
  await expect(page.getByRole('heading', { name: 'Set up Artifact Repository Connectors' })).toBeFocused()
  await expectNoAxeViolations(page, 'the setup page')

  // A short password is said at its field, and the field gets the focus.
  await page.getByLabel('Your name').fill('Ana Admin')
  await page.getByLabel('Email').fill('ana@example.com')
  await page.getByLabel('Password', { exact: true }).fill('short')
  await page.getByRole('button', { name: 'Create administrator' }).click()
  await expect(page.getByText('The password must be at least 12 characters long.')).toBeVisible()
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused()

  await page.getByLabel('Account name').fill('Acme')
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByLabel('Confirm password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Create administrator' }).click()
  const menu = page.getByRole('group', { name: 'Your account' })
  await expect(menu.getByText('Ana Admin')).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Connectors' }).first()).toBeVisible()
  // The link worked once and is gone from the address.
  expect(page.url()).not.toContain('token=')

  // Sign out: the Sign in page; the data is no longer there.
  await menu.getByRole('button', { name: 'Sign out', exact: true }).click()
  await signInPage(page)
  await expect(page.getByRole('heading', { name: 'Connectors' })).toHaveCount(0)
  // A page asked for while signed out shows Sign in, at its own address.
  await page.goto(PIPELINES)
  await signInPage(page)
  await expectNoAxeViolations(page, 'the sign-in page')

  // A wrong password: said in words at the form, without saying which of the two was wrong.
  await page.getByLabel('Email').fill('ana@example.com')
  await page.getByLabel('Password').fill('not the password at all')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toContainText('The email or password is not right.')
  await expectNoAxeViolations(page, 'the sign-in page with an error')

  // With the keyboard alone, the right password; back on the page that was wanted.
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByLabel('Password').press('Enter')
  await expect(menu.getByText('Ana Admin')).toBeVisible()
  expect(new URL(page.url()).pathname).toBe(PIPELINES)
  await expect(page.getByRole('heading', { name: 'Pipelines' }).first()).toBeVisible()
  await expectNoAxeViolations(page, 'the pipelines page, signed in')
})

test('Sign out of all sessions ends the session of every browser', async ({ page, browser }) => {
  const other = await browser.newPage({ baseURL: BASE })
  for (const tab of [page, other]) {
    await tab.goto(CONNECTORS)
    await tab.getByLabel('Email').fill('ana@example.com')
    await tab.getByLabel('Password').fill(PASSWORD)
    await tab.getByRole('button', { name: 'Sign in' }).click()
    await expect(tab.getByRole('group', { name: 'Your account' })).toBeVisible()
  }
  await page
    .getByRole('group', { name: 'Your account' })
    .getByRole('button', { name: 'Sign out of all sessions' })
    .click()
  await signInPage(page)
  // The other browser's next request (its poll for changes, no reload) meets SESSION_EXPIRED, as an
  // expired session's does: the Sign in page says why, on the address the user was at.
  await expect(other.getByText('Your session has ended. Sign in again to continue.')).toBeVisible({ timeout: 15_000 })
  await signInPage(other)
  expect(new URL(other.url()).pathname).toBe(CONNECTORS)
  await other.getByLabel('Email').fill('ana@example.com')
  await other.getByLabel('Password').fill(PASSWORD)
  await other.getByRole('button', { name: 'Sign in' }).click()
  // Signed in again, in the same place.
  await expect(other.getByRole('heading', { level: 1, name: 'Connectors' })).toBeVisible()
  expect(new URL(other.url()).pathname).toBe(CONNECTORS)
  await other.close()
})

async function signIn(page: Page, email: string) {
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('group', { name: 'Your account' })).toBeVisible()
}

test('an invited Project Viewer signs up from the link, sees the connectors, and may change none of them', async ({
  page,
  browser,
}) => {
  await page.goto(ACCESS_CONTROL)
  await signIn(page, 'ana@example.com')
  await expect(page.getByRole('heading', { level: 1, name: 'Access control' })).toBeVisible()
  // The fresh project is empty, and its admin is bound at the account, not here.
  await page.getByRole('textbox', { name: 'Email' }).fill('bo@example.com')
  await page.getByRole('combobox', { name: 'Role for the invitee' }).selectOption({ label: 'Project Viewer' })
  await page.getByRole('button', { name: 'Invite' }).click()
  const link = await page.getByRole('textbox', { name: 'Invitation link for bo@example.com' }).inputValue()
  expect(link).toMatch(/\/invite\?token=/)
  await expect(page.getByRole('alert')).toHaveCount(0)
  await expect(
    page.getByRole('table', { name: /Role bindings/ }).getByRole('row', { name: /bo.*Project Viewer/ }),
  ).toBeVisible()
  await expectNoAxeViolations(page, 'Access control with an invitation link')

  // Bo's own browser: none of Ana's cookies.
  const boContext = await browser.newContext({ baseURL: BASE })
  const bo = await boContext.newPage()
  await bo.goto(link)
  await bo.getByLabel('Your name').fill('Bo Viewer')
  await bo.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await bo.getByLabel('Confirm password').fill(PASSWORD)
  await bo.getByRole('button', { name: 'Accept and sign in' }).click()
  await expect(bo.getByRole('group', { name: 'Your account' }).getByText('Bo Viewer')).toBeVisible()
  await bo.goto(CONNECTORS)
  const newConnector = bo.getByRole('button', { name: 'New Connector' })
  await expect(newConnector).toHaveAttribute('aria-disabled', 'true')
  await expect(newConnector).toHaveAccessibleDescription(/core_connector_edit/)
  await bo.getByRole('link', { name: 'Access control' }).click()
  await expect(bo.getByRole('heading', { level: 1, name: 'Access control' })).toBeVisible()
  await expect(bo.getByRole('button', { name: 'Add binding' })).toHaveAttribute('aria-disabled', 'true')
  await expectNoAxeViolations(bo, 'the connectors as an invited Project Viewer')
  const refused = await bo.evaluate(async () => {
    const response = await fetch(
      '/ng/api/connectors?accountIdentifier=acme&orgIdentifier=default&projectIdentifier=default_project',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          connector: {
            name: 'Hub',
            identifier: 'hub',
            type: 'DockerRegistry',
            tags: {},
            spec: { dockerRegistryUrl: 'https://registry.example', providerType: 'Other', auth: { type: 'Anonymous' } },
          },
        }),
      },
    )
    return { status: response.status, body: (await response.json()) as { code: string; message: string } }
  })
  expect(refused).toEqual({
    status: 403,
    body: expect.objectContaining({
      code: 'NG_ACCESS_DENIED',
      message: 'Missing permission core_connector_edit on Connector hub',
    }) as unknown,
  })
  await boContext.close()
})

test('a service account key can list but not delete when it only has a viewer binding, and stops at Revoke', async ({
  page,
  playwright,
}) => {
  await page.goto(ACCESS_CONTROL)
  await signIn(page, 'ana@example.com')
  const serviceAccounts = page.getByRole('region', { name: 'Service accounts' })
  await serviceAccounts.getByLabel('Service account name').fill('CI bot')
  await expect(serviceAccounts.getByText('Identifier: CI_bot')).toBeVisible()
  await serviceAccounts.getByRole('button', { name: 'Create service account' }).click()
  // Its tokens open at once, with nothing in them.
  await expect(page.getByRole('heading', { name: 'Tokens of CI bot' })).toBeFocused()
  await expect(page.getByText('CI bot has no tokens.')).toBeVisible()

  // A Project Viewer binding here, as for a person.
  await page.getByLabel('User or service account').selectOption({ label: 'CI bot (service account)' })
  await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption({ label: 'Project Viewer' })
  await page.getByRole('button', { name: 'Add binding' }).click()
  await expect(
    page
      .getByRole('table', { name: /Role bindings/ })
      .getByRole('row', { name: /CI bot.*Service account.*Project Viewer/ }),
  ).toBeVisible()

  await page.getByLabel('Token name').fill('deploy')
  await page.getByLabel('Expires in').selectOption({ label: '90 days' })
  await page.getByRole('button', { name: 'Create token' }).click()
  const valueField = page.getByRole('textbox', { name: 'Value of token deploy' })
  await expect(valueField).toBeFocused()
  const token = await valueField.inputValue()
  expect(token).toMatch(/^sat\.acme\.deploy\./)
  await expect(
    page.getByRole('table', { name: 'Tokens of CI bot' }).getByRole('row', { name: /deploy.*default.*Valid/ }),
  ).toBeVisible()
  await expectNoAxeViolations(page, 'Access control with a service account and its new token')

  // A connector for the key to meet, made by the admin.
  const made = await page.evaluate(async () => {
    const response = await fetch(
      '/ng/api/connectors?accountIdentifier=acme&orgIdentifier=default&projectIdentifier=default_project',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          connector: {
            name: 'Registry',
            identifier: 'registry',
            type: 'DockerRegistry',
            tags: {},
            spec: { dockerRegistryUrl: 'https://registry.example', providerType: 'Other', auth: { type: 'Anonymous' } },
          },
        }),
      },
    )
    return response.status
  })
  expect(made).toBe(200)

  // The key alone, from another client: it lists, and is refused the delete in words.
  const script = await playwright.request.newContext({ baseURL: BASE, extraHTTPHeaders: { 'x-api-key': token } })
  const project = 'accountIdentifier=acme&orgIdentifier=default&projectIdentifier=default_project'
  const list = await script.post(`/ng/api/connectors/listV2?${project}`, { data: {} })
  expect(list.status()).toBe(200)
  expect(JSON.stringify(await list.json())).toContain('"identifier":"registry"')
  const remove = await script.delete(`/ng/api/connectors/registry?${project}`)
  expect(remove.status()).toBe(403)
  expect(await remove.json()).toMatchObject({
    code: 'NG_ACCESS_DENIED',
    message: 'Missing permission core_connector_delete on Connector registry',
  })

  // Done forgets the value; Revoke ends the token.
  await page.getByRole('button', { name: 'Done' }).click()
  await expect(valueField).toHaveCount(0)
  await page.getByRole('button', { name: 'Revoke token deploy' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click()
  await expect(page.getByText('CI bot has no tokens.')).toBeVisible()
  expect((await script.post(`/ng/api/connectors/listV2?${project}`, { data: {} })).status()).toBe(401)
  await script.dispose()
})

test('an Organization Admin creates a project and a connector in it, and may not create an organization', async ({
  page,
  browser,
}) => {
  await page.goto('/account/acme/orgs/default/access-control')
  await signIn(page, 'ana@example.com')
  await page.getByRole('textbox', { name: 'Email' }).fill('cy@example.com')
  await page.getByRole('combobox', { name: 'Role for the invitee' }).selectOption({ label: 'Organization Admin' })
  await page.getByRole('button', { name: 'Invite' }).click()
  const link = await page.getByRole('textbox', { name: 'Invitation link for cy@example.com' }).inputValue()

  const cyContext = await browser.newContext({ baseURL: BASE })
  const cy = await cyContext.newPage()
  await cy.goto(link)
  await cy.getByLabel('Your name').fill('Cy Org')
  await cy.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await cy.getByLabel('Confirm password').fill(PASSWORD)
  await cy.getByRole('button', { name: 'Accept and sign in' }).click()
  await expect(cy.getByRole('group', { name: 'Your account' }).getByText('Cy Org')).toBeVisible()
  await cy.goto(CONNECTORS)
  const scope = cy.getByRole('group', { name: 'Scope' })
  // Organizations are the account's to make: disabled, with the reason.
  const newOrganization = scope.getByRole('button', { name: 'New organization' })
  await expect(newOrganization).toHaveAttribute('aria-disabled', 'true')
  await expect(newOrganization).toHaveAccessibleDescription(/core_organization_create/)

  await scope.getByRole('button', { name: 'New project' }).click()
  const dialog = cy.getByRole('dialog', { name: 'New project' })
  await dialog.getByRole('textbox', { name: 'Project Name' }).fill('Mobile')
  await dialog.getByRole('button', { name: 'Create project' }).click()
  await expect(cy).toHaveURL(/\/orgs\/default\/projects\/Mobile\/connectors$/)
  await createConnector(cy, {
    type: 'Docker Registry',
    name: 'Mobile registry',
    url: 'https://registry.mobile.example',
    providerType: 'Other',
    credentials: 'anonymous',
  })
  // No delegate runs here: the test fails, and the connector is saved all the same.
  await expect(wizardDialog(cy).getByText('Connection failed')).toBeVisible()
  await wizardDialog(cy).getByRole('button', { name: 'Finish' }).click()
  // Hers to change: Edit and Delete are enabled.
  const row = cy.getByRole('table', { name: 'Connectors' }).getByRole('row', { name: /Mobile registry/ })
  await expect(row.getByRole('button', { name: 'Delete Mobile registry' })).not.toHaveAttribute('aria-disabled')
  await expectNoAxeViolations(cy, 'an Organization Admin’s new project')
  await cyContext.close()
})
