import { expect, test } from '@playwright/test'
import { startHttpsProxy, type HttpsProxy } from '../src/test/https-proxy'
import { startHelmRepo } from '../src/test/registry-servers/helm-repo-server'
import type { TestHttpServer } from '../src/test/registry-servers/http-fixture'
import { HTTPS_PROXY_PORT, REAL_PORT } from './ports'
import { expectNoAxeViolations } from './support/connectors-page'
import { ensurePaymentsProject } from './support/payments-project'
import { fillOverview, openWizard, saveWithDelegates, wizardDialog } from './support/wizard'

/**
 * The real app behind nginx terminating TLS on loopback, as a team runs it on a shared server:
 * the server started with --public-url https://localhost:<proxy port> --trust-proxy. Through the
 * proxy the list loads (a POST), a connector is saved and tested by the built-in delegate with its
 * events streamed through the proxy, and a new delegate is told the https:// address.
 */

let proxy: HttpsProxy
let charts: TestHttpServer

test.use({ ignoreHTTPSErrors: true })

test.beforeAll(async ({ request }) => {
  await ensurePaymentsProject(request)
  proxy = await startHttpsProxy({ port: HTTPS_PROXY_PORT, upstreamPort: REAL_PORT })
  charts = await startHelmRepo()
})

test.afterAll(async () => {
  await charts?.stop()
  await proxy?.stop()
})

test('saves and tests a connector through an HTTPS reverse proxy, and gives delegates the https address', async ({
  page,
}) => {
  const name = `Charts behind TLS ${Date.now()}`
  await page.goto(`${proxy.url}/account/acme/orgs/default/projects/payments/connectors`)
  await expect(page.getByRole('heading', { level: 1, name: 'Connectors' })).toBeVisible()
  expect(new URL(page.url()).protocol).toBe('https:')

  await openWizard(page, 'HTTP Helm')
  await fillOverview(page, name)
  const wizard = wizardDialog(page)
  await wizard.getByRole('textbox', { name: /URL$/ }).fill(charts.url)
  await wizard.getByRole('radio', { name: 'Anonymous (no credentials required)' }).check()
  await wizard.getByRole('button', { name: 'Continue' }).click()
  await expect(wizard.getByRole('heading', { name: 'Delegates Setup' })).toBeVisible()
  await saveWithDelegates(page)
  await expect(wizard.getByText('Connection successful')).toBeVisible({ timeout: 30_000 })
  await wizard.getByRole('button', { name: 'Finish' }).click()
  await expect(page.getByRole('row', { name: new RegExp(name) })).toBeVisible()
  await expectNoAxeViolations(page, 'the Connectors page behind an HTTPS proxy')

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Delegates' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Delegates' })).toBeVisible()
  await page.getByRole('textbox', { name: 'Name' }).fill(`tls-${Date.now()}`)
  await page.getByRole('button', { name: 'Create token' }).click()
  await expect(page.getByRole('textbox', { name: 'Command to start a delegate' })).toHaveValue(
    new RegExp(`--server ${proxy.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `),
  )
})
