import { chromium } from '@playwright/test'

/** The flags that Debian's Chromium needs as root on this kind of machine (README.md, "Quick start"). */
export const CHROME_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium'

export const CONNECTORS_PATH = '/account/acme/orgs/default/projects/payments/connectors'

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROME_PATH, args: CHROME_FLAGS })
}

/**
 * Runs in every page before the app. It records:
 * - Event Timing entries of interactions (input to next paint), threshold 16 ms (the minimum);
 * - `firstRowAt`: the paint after the "Connectors" heading and a first data row are in the DOM,
 *   in ms since navigation start;
 * - `arm(eventType, checks)`: for what one input event starts but does not finish (a connection
 *   test, a server-side search), the time from that event to the paint after each check holds.
 * "The paint after" is approximated as usual: requestAnimationFrame, then a posted message.
 */
function probe() {
  const bench = (window.__bench = { events: [], firstRowAt: null, pending: null })

  const afterPaint = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel()
        channel.port1.onmessage = () => resolve(performance.now())
        channel.port2.postMessage(null)
      }),
    )
  bench.afterPaint = afterPaint

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.interactionId) continue
        bench.events.push({
          name: entry.name,
          startTime: entry.startTime,
          duration: entry.duration,
          interactionId: entry.interactionId,
        })
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true })
  } catch {
    bench.eventTimingUnsupported = true
  }

  const firstRows = new MutationObserver(() => {
    const heading = [...document.querySelectorAll('h1')].some((h1) => h1.textContent.trim() === 'Connectors')
    if (!heading || !document.querySelector('table tbody tr')) return
    firstRows.disconnect()
    afterPaint().then((time) => (bench.firstRowAt = time))
  })
  firstRows.observe(document, { childList: true, subtree: true })

  const text = (selector) => [...document.querySelectorAll(selector)].map((node) => node.textContent).join('\n')
  bench.text = text

  /** check: { selector, text } exact text, { selector, includes }, { selector, absent: true } or { selector, changes: true }. */
  const holds = (check, baseline) => {
    const nodes = [...document.querySelectorAll(check.selector)]
    if (check.absent) return nodes.length === 0
    if (check.changes) return text(check.selector) !== baseline
    if (check.text !== undefined) return nodes.some((node) => node.textContent.trim() === check.text)
    if (check.includes !== undefined) return nodes.some((node) => node.textContent.includes(check.includes))
    return nodes.length > 0
  }

  bench.arm = (eventType, checks, timeoutMs = 15_000) => {
    let start = null
    const onEvent = (event) => {
      if (start === null) start = event.timeStamp
    }
    window.addEventListener(eventType, onEvent, true)
    const baselines = checks.map((check) => (check.changes ? text(check.selector) : null))
    const times = checks.map(() => null)
    bench.pending = new Promise((resolve) => {
      const finish = (timedOut) => {
        observer.disconnect()
        clearTimeout(timer)
        window.removeEventListener(eventType, onEvent, true)
        resolve({ times, timedOut })
      }
      const observer = new MutationObserver(() => {
        if (start === null) return
        checks.forEach((check, index) => {
          if (times[index] !== null || !holds(check, baselines[index])) return
          times[index] = 'pending'
          afterPaint().then((time) => {
            times[index] = time - start
            if (times.every((value) => typeof value === 'number')) finish(false)
          })
        })
      })
      observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true })
      const timer = setTimeout(() => finish(true), timeoutMs)
    })
    return performance.now()
  }
}

/** A fresh context: empty IndexedDB and no service worker, so the mock backend starts from its seed. */
export async function freshContext(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  await context.addInitScript(probe)
  return context
}

export async function waitForFirstRows(page, timeoutMs = 60_000) {
  await page.waitForFunction(() => window.__bench?.firstRowAt !== null, null, { timeout: timeoutMs, polling: 50 })
  return page.evaluate(() => window.__bench.firstRowAt)
}

/** Lets pending Event Timing entries reach the observer, then returns them. */
export async function collectEvents(page) {
  const { unsupported, events } = await page.evaluate(async () => {
    await new Promise((resolve) => setTimeout(resolve, 250))
    await window.__bench.afterPaint()
    return { unsupported: Boolean(window.__bench.eventTimingUnsupported), events: window.__bench.events }
  })
  // Without the API every interaction would look faster than 16 ms: refuse rather than report that.
  if (unsupported) throw new Error('this browser does not support Event Timing (PerformanceObserver type "event")')
  return events
}

/**
 * Gives each interaction to the action whose window it started in (windows are marked with
 * performance.now() just before Playwright sends the input) and keeps the longest per window.
 * A window with no entry had every event under the 16 ms threshold.
 */
export function attributeEvents(windows, events) {
  const longest = windows.map(() => null)
  for (const event of events) {
    let index = -1
    for (let i = 0; i < windows.length; i++) if (windows[i].t0 <= event.startTime) index = i
    if (index >= 0) longest[index] = Math.max(longest[index] ?? 0, event.duration)
  }
  return windows.map((window, index) => ({ label: window.label, duration: longest[index] }))
}

/** JS heap in use after a forced garbage collection (CDP Performance.getMetrics JSHeapUsedSize). */
export async function jsHeapUsed(page) {
  const cdp = await page.context().newCDPSession(page)
  try {
    await cdp.send('HeapProfiler.collectGarbage')
    await cdp.send('Performance.enable')
    const { metrics } = await cdp.send('Performance.getMetrics')
    return metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? null
  } finally {
    await cdp.detach()
  }
}
