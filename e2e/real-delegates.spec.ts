import { expect, test, type APIRequestContext } from '@playwright/test'
import { PAYMENTS_QUERY, paymentsSecretBody } from '../src/test/payments-bodies'
import { startTsProcess, type StartedProcess } from '../src/test/processes'
import { startRegistry, type TestRegistry } from '../src/test/registry-servers/registry-server'
import { expectNoAxeViolations } from './support/connectors-page'
import { ensurePaymentsProject } from './support/payments-project'
import { chooseSecret, fillOverview, openWizard, saveWithDelegates, wizardDialog } from './support/wizard'

/**
 * The real app (`npm start`: no simulated world): its built-in delegate `local` tests a real
 * Docker registry running on this machine (Debian's docker-registry with htpasswd), through the
 * same wizard. The right password reaches Connection successful; a wrong one Connection failed
 * with the registry's real answer.
 */

const CONNECTORS = '/account/acme/orgs/default/projects/payments/connectors'

let registry: TestRegistry

async function createSecret(request: APIRequestContext, identifier: string, value: string) {
  const response = await request.post(`/ng/api/v2/secrets?${PAYMENTS_QUERY}`, {
    data: paymentsSecretBody(identifier, value),
  })
  // A second run against a reused server finds the secrets there already.
  expect([200, 400]).toContain(response.status())
}

test.beforeAll(async ({ request }) => {
  registry = await startRegistry({ auth: { htpasswd: { username: 'demo', password: 'loopback-password' } } })
  await ensurePaymentsProject(request)
  await createSecret(request, 'loopback_password', 'loopback-password')
  await createSecret(request, 'wrong_password', 'not-the-password')
})

test.afterAll(async () => {
  await registry?.stop()
})

test('the built-in delegate tests a real registry: right password succeeds, a wrong one fails with the real reason', async ({
  page,
}) => {
  const name = `Loopback registry ${Date.now()}`
  await page.goto(CONNECTORS)
  await openWizard(page, 'Docker Registry')
  await fillOverview(page, name)
  const wizard = wizardDialog(page)
  await wizard.getByRole('radio', { name: 'Other (Docker V2 compliant)' }).check()
  await wizard.getByRole('textbox', { name: /URL$/ }).fill(registry.url)
  await wizard.getByRole('textbox', { name: 'Username' }).fill('demo')
  await chooseSecret(page, 'loopback_password')
  await wizard.getByRole('button', { name: 'Continue' }).click()

  // The real delegates are the ones the step offers.
  await expect(wizard.getByRole('heading', { name: 'Delegates Setup' })).toBeVisible()
  await expect(wizard.getByText('local', { exact: true }).first()).toBeVisible()
  await saveWithDelegates(page, ['loopback'])

  await expect(wizard.getByText('Connection successful')).toBeVisible({ timeout: 30_000 })
  await expect(wizard.getByText(/local/).first()).toBeVisible()
  // The stage log names the real requests, never the password.
  await wizard.getByText('Details: stage log').click()
  await expect(wizard.getByText(`GET ${registry.url}/v2`).first()).toBeVisible()
  await expect(wizard).not.toContainText('loopback-password')

  await wizard.getByRole('button', { name: 'Edit Credentials' }).click()
  await expect(wizard.getByRole('heading', { name: 'Details' })).toBeVisible()
  await chooseSecret(page, 'wrong_password')
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await wizard.getByRole('button', { name: 'Save and Continue' }).click()
  await expect(wizard.getByText('Connection failed')).toBeVisible({ timeout: 30_000 })
  await expect(wizard.getByText('Authentication Failed (Invalid Docker Registry credentials)')).toBeVisible()
  await expect(wizard.getByText(/did not accept the username demo with the password in wrong_password/)).toBeVisible()
  // The registry's own answer, as the delegate received it.
  await wizard.getByText('Details: stage log').click()
  await expect(wizard.getByText(/→ 401/).first()).toBeVisible()
  await expect(wizard).not.toContainText('not-the-password')
  await expectNoAxeViolations(page, 'a failed real connection test')
})

test('a disconnected delegate is removed from the Delegates page after asking; a connected one offers no Remove', async ({
  page,
  request,
}) => {
  // A delegate started elsewhere that registered and then stopped, over the delegate protocol.
  const name = `gone-${Date.now()}`
  const created = await request.post(`/ng/api/delegate-tokens?${PAYMENTS_QUERY}`, { data: { name: `${name}-token` } })
  expect(created.status()).toBe(200)
  const { value } = ((await created.json()) as { data: { value: string } }).data
  const agent = async (path: string, data: unknown) =>
    (await (
      await request.post(`/delegate-api/v1${path}`, { headers: { Authorization: `Bearer ${value}` }, data })
    ).json()) as unknown
  const { delegateId } = (await agent('/register', { name, tags: ['gone'], hostname: 'box', maxConcurrency: 1 })) as {
    delegateId: string
  }
  await agent('/disconnect', { delegateId })

  await page.goto('/account/acme/orgs/default/projects/payments/delegates')
  const table = page.getByRole('table', { name: 'Delegates' })
  const row = table.getByRole('row', { name: new RegExp(`^${name}\\b`) })
  await expect(row).toContainText('Disconnected')
  await expect(table.getByRole('row', { name: /^local\b/ }).getByRole('button', { name: /Remove/ })).toHaveCount(0)
  await row.getByRole('button', { name: `Remove delegate ${name}` }).click()
  const dialog = page.getByRole('dialog', { name: `Remove delegate ${name}?` })
  await expect(dialog).toBeVisible()
  await expectNoAxeViolations(page, 'the Remove delegate dialog')
  await dialog.getByRole('button', { name: 'Remove delegate' }).click()
  await expect(row).toHaveCount(0)
  await expectNoAxeViolations(page, 'the Delegates page after a removal')
})

test('a delegate token shows when it was made, last used and expires; once expired it is refused and says so', async ({
  page,
  request,
}) => {
  const stamp = Date.now()
  await page.goto('/account/acme/orgs/default/projects/payments/delegates')
  await page.getByRole('textbox', { name: 'Name' }).fill(`monthly-${stamp}`)
  const expires = page.getByRole('combobox', { name: 'Expires' })
  await expires.selectOption({ label: '30 days' })
  await page.getByRole('button', { name: 'Create token' }).click()
  await expect(page.getByRole('textbox', { name: 'Token value' })).toBeVisible()
  await page.getByRole('button', { name: 'Done' }).click()
  const tokens = page.getByRole('table', { name: 'Delegate tokens' })
  const monthly = tokens.getByRole('row', { name: new RegExp(`^monthly-${stamp}\\b`) })
  await expect(monthly).toContainText('Never used')
  await expect(monthly.locator('[data-label="Expires"]')).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/)

  // A token that expires in seconds, used once before it does.
  const name = `brief-${stamp}`
  const created = await request.post(`/ng/api/delegate-tokens?${PAYMENTS_QUERY}`, {
    data: { name, expiresAt: Date.now() + 5_000 },
  })
  expect(created.status()).toBe(200)
  const { value } = ((await created.json()) as { data: { value: string } }).data
  const register = () =>
    request.post('/delegate-api/v1/register', {
      headers: { Authorization: `Bearer ${value}` },
      data: { name: `short-${stamp}`, tags: [], hostname: 'box', maxConcurrency: 1 },
    })
  expect((await register()).status()).toBe(200)
  const brief = tokens.getByRole('row', { name: new RegExp(`^${name}\\b`) })
  await expect(async () => {
    await page.reload()
    await expect(brief).toContainText('Expired', { timeout: 1_000 })
  }).toPass({ timeout: 20_000 })
  await expect(brief).not.toContainText('Never used')
  const refused = await register()
  expect(refused.status()).toBe(401)
  expect(((await refused.json()) as { message: string }).message).toMatch(`delegate token ${name} expired on`)
  await expectNoAxeViolations(page, 'the delegate tokens with their dates')
})

test('a secret only an external delegate holds: started with its variable the test succeeds, started without it the failure names the variable', async ({
  page,
  request,
  baseURL,
}) => {
  const stamp = Date.now()
  const variable = 'CONNECTORS_DELEGATE_SECRET_LOOPBACK_PASSWORD'
  const made = await request.post(`/ng/api/delegate-tokens?${PAYMENTS_QUERY}`, { data: { name: `held-${stamp}` } })
  expect(made.status()).toBe(200)
  const token = ((await made.json()) as { data: { value: string } }).data.value
  const tag = `held-${stamp}`
  const delegates: StartedProcess[] = []
  // The same delegate (its name, its token) started with and then without the variable.
  const startDelegate = async (env: NodeJS.ProcessEnv) => {
    const delegate = startTsProcess(
      'src/delegate-agent/main.ts',
      ['--server', baseURL ?? '', '--name', `lab-${stamp}`, '--tags', tag],
      { DELEGATE_TOKEN: token, [variable]: undefined, ...env },
    )
    delegates.push(delegate)
    await delegate.waitFor(new RegExp(`Delegate lab-${stamp} connected`), 60_000)
    return delegate
  }
  try {
    const withVariable = await startDelegate({ [variable]: 'loopback-password' })
    const secret = await request.post(`/ng/api/v2/secrets?${PAYMENTS_QUERY}`, {
      data: {
        secret: {
          type: 'SecretText',
          name: `Held ${stamp}`,
          identifier: `held_${stamp}`,
          orgIdentifier: 'default',
          projectIdentifier: 'payments',
          tags: {},
          spec: { secretManagerIdentifier: 'delegateEnvironment', valueType: 'Reference', value: variable },
        },
      },
    })
    expect(secret.status(), await secret.text()).toBe(200)

    const name = `Held password registry ${stamp}`
    await page.goto(CONNECTORS)
    await openWizard(page, 'Docker Registry')
    await fillOverview(page, name)
    const wizard = wizardDialog(page)
    await wizard.getByRole('radio', { name: 'Other (Docker V2 compliant)' }).check()
    await wizard.getByRole('textbox', { name: /URL$/ }).fill(registry.url)
    await wizard.getByRole('textbox', { name: 'Username' }).fill('demo')
    await chooseSecret(page, `held_${stamp}`)
    await wizard.getByRole('button', { name: 'Continue' }).click()
    await saveWithDelegates(page, [tag])
    await expect(wizard.getByText('Connection successful')).toBeVisible({ timeout: 30_000 })
    await wizard.getByText('Details: stage log').click()
    await expect(wizard.getByText(`read from the delegate's environment (${variable})`).first()).toBeVisible()
    await expect(wizard).not.toContainText('loopback-password')
    await wizard.getByRole('button', { name: 'Finish' }).click()
    await expect(wizard).toBeHidden()
    expect(withVariable.output()).not.toContain('loopback-password')
    await withVariable.stop()

    await startDelegate({})
    await page.getByRole('button', { name: `Test ${name}` }).click()
    // The list says it failed, and why on hover; Details keeps the whole reason.
    const row = page.getByRole('row', { name: new RegExp(name) })
    await expect(row.getByTitle(new RegExp(`no environment variable ${variable}`))).toHaveText('Failed', {
      timeout: 30_000,
    })
    await page.getByRole('button', { name: `Details of ${name}` }).click()
    const details = page.getByRole('dialog', { name })
    const latest = details.getByRole('list', { name: 'Test history' }).getByRole('listitem').first()
    await expect(latest).toContainText(`The delegate has no environment variable ${variable}`, { timeout: 30_000 })
    await expectNoAxeViolations(page, 'a test that failed for a variable the delegate lacks')
  } finally {
    await Promise.all(delegates.map((delegate) => delegate.stop()))
  }
})
