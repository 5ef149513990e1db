import {
  attributeEvents,
  collectEvents,
  CONNECTORS_PATH,
  freshContext,
  jsHeapUsed,
  waitForFirstRows,
} from './browser.mjs'

/**
 * The Connectors page as a list: the scripts of a first visit, time to first rows, JS heap and
 * (with the bulk seed) how fast a search keystroke updates the list. One fresh context per data
 * set; its first visit seeds IndexedDB, then each repetition is a fresh page over that data, so
 * the seeding itself is never in the measured figures.
 */

/** How long after the first rows a long task still counts as part of loading the list. */
export const LONG_TASK_SETTLE_MS = 1_000

/** In the page, before its scripts: the longest main-thread task (Long Tasks API) since navigation. */
function watchLongTasks() {
  window.__longestTask = 0
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longestTask = Math.max(window.__longestTask, entry.duration)
  }).observe({ type: 'longtask', buffered: true })
}

/** What the list shows: its status line ("1–50 of N connectors") and its rows. */
const LIST = 'main [role="status"], main table tbody tr'

/** Scripts (by path) the first visit had fully received before its first rows were painted. */
async function scriptsBeforeFirstRows(page, firstRowAt) {
  return page.evaluate(async (limit) => {
    const scripts = performance
      .getEntriesByType('resource')
      .filter((entry) => /\.m?js$/.test(new URL(entry.name).pathname))
      .map((entry) => ({
        path: new URL(entry.name).pathname,
        startTime: entry.startTime,
        responseEnd: entry.responseEnd,
      }))
    const registration = await navigator.serviceWorker?.getRegistration()
    const worker = registration?.active?.scriptURL ? new URL(registration.active.scriptURL).pathname : null
    return {
      before: scripts.filter((script) => script.responseEnd <= limit),
      after: scripts.filter((script) => script.responseEnd > limit),
      worker,
    }
  }, firstRowAt)
}

async function totalShown(page) {
  const status = await page.evaluate(() => window.__bench.text('main [role="status"]'))
  const match = /of ([\d,]+) connectors/.exec(status)
  return match ? Number(match[1].replace(/,/g, '')) : null
}

async function searchKeystrokes(page, term) {
  const searchbox = page.getByRole('searchbox', { name: 'Search connectors' })
  await searchbox.click()
  const windows = []
  const shown = []
  const counts = []
  for (const character of term) {
    const t0 = await page.evaluate(
      ([selector]) => window.__bench.arm('keydown', [{ selector, changes: true }], 10_000),
      [LIST],
    )
    windows.push({ label: 'search', t0 })
    await page.keyboard.type(character)
    const result = await page.evaluate(() => window.__bench.pending)
    shown.push(result.timedOut ? null : result.times[0])
    counts.push(await totalShown(page))
  }
  const eventTiming = attributeEvents(windows, await collectEvents(page)).map((entry) => entry.duration)
  return { shown, eventTiming, counts }
}

export async function measureListPage(browser, baseUrl, { bulkConnectors = 0, reps, searchTerm = null }) {
  const context = await freshContext(browser)
  const result = {
    bulkConnectors,
    firstVisit: null,
    firstRows: [],
    longestTask: [],
    heap: [],
    total: null,
    search: [],
  }
  try {
    const seedQuery = bulkConnectors ? `&bench-connectors=${bulkConnectors}` : ''
    let page = await context.newPage()
    await page.goto(`${baseUrl}${CONNECTORS_PATH}?latency=0${seedQuery}`)
    const firstRowAt = await waitForFirstRows(page, 180_000)
    result.firstVisit = { firstRowAt, scripts: await scriptsBeforeFirstRows(page, firstRowAt) }
    await page.close()

    for (let rep = 0; rep < reps; rep++) {
      page = await context.newPage()
      await page.addInitScript(watchLongTasks)
      await page.goto(`${baseUrl}${CONNECTORS_PATH}?latency=0`)
      result.firstRows.push(await waitForFirstRows(page))
      // Tasks just after the first rows (the rest of the page settling) count too.
      await page.waitForTimeout(LONG_TASK_SETTLE_MS)
      result.longestTask.push(await page.evaluate(() => window.__longestTask))
      result.total = await totalShown(page)
      result.heap.push(await jsHeapUsed(page))
      if (searchTerm) result.search.push(await searchKeystrokes(page, searchTerm))
      await page.close()
    }
  } finally {
    await context.close()
  }
  return result
}

/**
 * Were these lazy chunks needed to show the first rows, or only prefetched meanwhile? Loads the
 * page once more in a fresh context with requests for them refused: if the rows still appear,
 * they were not needed (a refused prefetch fails quietly).
 */
export async function neededForFirstRows(browser, baseUrl, files) {
  if (!files.length) return false
  const context = await freshContext(browser)
  try {
    const refused = new Set(files.map((file) => `/${file}`))
    const seen = new Set()
    await context.route('**/*.js', (route) => {
      const { pathname } = new URL(route.request().url())
      if (!refused.has(pathname)) return route.continue()
      seen.add(pathname)
      return route.abort()
    })
    const page = await context.newPage()
    await page.goto(`${baseUrl}${CONNECTORS_PATH}?latency=0`)
    await waitForFirstRows(page, 20_000)
    // Rows shown; but if a request went past the route (through the service worker, say), we cannot tell.
    return seen.size === refused.size ? false : null
  } catch {
    return true
  } finally {
    await context.close()
  }
}
