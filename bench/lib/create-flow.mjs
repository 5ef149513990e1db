import { attributeEvents, collectEvents, CONNECTORS_PATH, freshContext, waitForFirstRows } from './browser.mjs'

/**
 * One pass of the create flow (Docker Registry, anonymous, Docker Hub) in a fresh context, so it
 * starts from the seed. Every measured action gets its Event Timing duration (input to next
 * paint); clicks that change the screen also get the time until the new screen is painted,
 * which includes the async work (lazy chunk, identifier check, save) that Event Timing leaves out.
 */

export const NAME = 'Docker Hub bench connector 001' // 30 characters, one keystroke each

const heading = (text) => ({ selector: 'dialog[open] h2', text })

export async function createFlowOnce(browser, baseUrl) {
  const context = await freshContext(browser)
  const windows = []
  const shown = {}
  try {
    const page = await context.newPage()
    await page.goto(`${baseUrl}${CONNECTORS_PATH}?latency=0`)
    await waitForFirstRows(page)
    // Like a user who looks at the list first: the idle-time prefetch of catalog and wizard is done.
    await page.waitForLoadState('networkidle')

    const mark = async (label) => windows.push({ label, t0: await page.evaluate(() => performance.now()) })
    const act = async (label, checks, perform) => {
      const t0 = await page.evaluate(([list]) => window.__bench.arm('click', list), [checks])
      windows.push({ label, t0 })
      await perform()
      const result = await page.evaluate(() => window.__bench.pending)
      if (result.timedOut) throw new Error(`${label}: the expected screen did not appear`)
      checks.forEach((check, index) => {
        const key = check.as ?? label
        ;(shown[key] ??= []).push(result.times[index])
      })
    }
    const wizard = page.getByRole('dialog', { name: /connector$/ })
    const click = (locator) => () => locator.click()

    await act(
      'Open the catalog',
      [{ selector: 'dialog[open] h3', text: 'Artifact Repositories' }],
      click(page.getByRole('button', { name: 'New Connector' })),
    )
    const catalog = page.getByRole('dialog', { name: 'New Connector' })
    await act(
      'Pick a type',
      [heading('Overview')],
      click(catalog.getByRole('button', { name: 'Docker Registry', exact: true })),
    )

    await mark(null)
    await wizard.getByRole('textbox', { name: 'Name' }).click()
    for (const character of NAME) {
      await mark('Keystroke in Name')
      await page.keyboard.type(character)
      await page.evaluate(() => window.__bench.afterPaint())
    }

    const continueButton = wizard.getByRole('button', { name: 'Continue', exact: true })
    const backButton = wizard.getByRole('button', { name: 'Back', exact: true })
    await act('Continue (Overview → Details)', [heading('Details')], click(continueButton))
    await act('Back (Details → Overview)', [heading('Overview')], click(backButton))
    await act('Continue (Overview → Details)', [heading('Details')], click(continueButton))

    await mark(null)
    await wizard.getByRole('textbox', { name: 'Docker Registry URL' }).fill('https://index.docker.io/v2/')
    await wizard.getByRole('radio', { name: 'Anonymous (no credentials required)' }).check()

    await act('Continue (Details → Delegates Setup)', [heading('Delegates Setup')], click(continueButton))
    await act('Back (Delegates Setup → Details)', [heading('Details')], click(backButton))
    await act('Continue (Details → Delegates Setup)', [heading('Delegates Setup')], click(continueButton))
    await act(
      'Save and Continue',
      [
        heading('Test Connection'),
        { selector: 'dialog[open] [role="status"]', includes: 'Connection successful', as: 'Test result' },
      ],
      click(wizard.getByRole('button', { name: 'Save and Continue' })),
    )
    await act(
      'Finish',
      [{ selector: 'dialog[open]', absent: true }],
      click(wizard.getByRole('button', { name: 'Finish' })),
    )

    const eventTiming = {}
    for (const { label, duration } of attributeEvents(windows, await collectEvents(page))) {
      if (label) (eventTiming[label] ??= []).push(duration)
    }
    return { eventTiming, shown }
  } finally {
    await context.close()
  }
}
