#!/usr/bin/env node
/**
 * `npm run bench`: builds the production app and a React floor, serves the app with vite preview,
 * measures it in Debian's Chromium (Playwright) and with Lighthouse, prints one table and writes
 * bench/results/latest.json. Exit 0 when everything was measured, 2 when something could not be;
 * with --strict, 1 when a figure is over its budget. Options: --reps=N (default 5),
 * --lighthouse-runs=N (default 3). README.md, "Benchmark", says how to read the table.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchBrowser } from './lib/browser.mjs'
import { buildApp, buildFloor, classifyChunks, emittedChunks } from './lib/build.mjs'
import { createFlowOnce } from './lib/create-flow.mjs'
import { ensureLighthouse, lighthouseOnce } from './lib/lighthouse.mjs'
import { measureListPage, neededForFirstRows } from './lib/list-page.mjs'
import { msRow, numberRow, renderTable, sizeRow, textRow } from './lib/report.mjs'
import { startPreview } from './lib/server.mjs'
import { below } from './lib/stats.mjs'

const benchDir = path.dirname(fileURLToPath(import.meta.url))
const appRoot = path.dirname(benchDir)
const option = (name, fallback) => {
  const arg = process.argv.find((value) => value.startsWith(`--${name}=`))
  const number = arg ? Number(arg.split('=')[1]) : fallback
  return Number.isInteger(number) && number > 0 ? number : fallback
}
const strict = process.argv.includes('--strict')
const reps = option('reps', 5)
const lighthouseRuns = option('lighthouse-runs', 3)
const BULK_CONNECTORS = 10_000
// Each keystroke narrows the 10,000 (10,000 → 2,953 → 120 → 11 → 1), so each one visibly updates the list.
const SEARCH_TERM = '00421'
const CONNECTORS_PATH = '/account/acme/orgs/default/projects/payments/connectors'
const INTERACTION_BUDGET = { op: '<', value: 50 }
const FILTER_BUDGET = { op: '<', value: 100 }
const FIRST_LOAD_BUDGET_KB = 120

const started = Date.now()
const log = (message) => console.error(`bench: ${message} (${((Date.now() - started) / 1000).toFixed(0)} s)`)
const errors = []
/** Runs one part; a failure is recorded and the rest still runs, so one broken part does not hide the others. */
async function part(name, run) {
  try {
    return await run()
  } catch (error) {
    errors.push(`${name}: ${error.message}`)
    log(`${name} could not be measured: ${error.message.split('\n')[0]}`)
    return null
  }
}

const work = mkdtempSync(path.join(os.tmpdir(), 'arc-bench-'))
const raw = {}
let server = null
let browser = null
try {
  const lighthouseCli = ensureLighthouse(benchDir)

  log('building the app and the React floor')
  const appOut = path.join(work, 'app')
  buildApp(appRoot, appOut)
  raw.chunks = emittedChunks(appOut)
  raw.floorChunks = emittedChunks(await buildFloor(appRoot, work))
  const classes = classifyChunks(appOut)

  server = await startPreview(appRoot, appOut)
  browser = await launchBrowser()
  raw.chromium = browser.version()

  log(`Connectors page with the seed data, ${reps} fresh pages`)
  raw.seedList = await part('seed list', () => measureListPage(browser, server.url, { reps }))
  log(`Connectors page with ${BULK_CONNECTORS} connectors, ${reps} fresh pages`)
  raw.bulkList = await part('10,000 list', () =>
    measureListPage(browser, server.url, { reps, bulkConnectors: BULK_CONNECTORS, searchTerm: SEARCH_TERM }),
  )
  const lazyBeforeFirstRows = (raw.seedList?.firstVisit?.scripts.before ?? [])
    .map((script) => script.path.replace(/^\//, ''))
    .filter((file) => classes.kindOf(file) === 'lazy')
  raw.lazyNeededForFirstRows = await part('lazy chunks check', () =>
    neededForFirstRows(browser, server.url, lazyBeforeFirstRows),
  )
  raw.flows = []
  for (let rep = 0; rep < reps; rep++) {
    log(`create flow ${rep + 1}/${reps}`)
    const flow = await part(`create flow ${rep + 1}`, () => createFlowOnce(browser, server.url))
    if (flow) raw.flows.push(flow)
  }
  await browser.close()
  browser = null

  raw.lighthouse = { desktop: [], mobile: [] }
  for (let run = 0; run < lighthouseRuns; run++) {
    for (const preset of ['desktop', 'mobile']) {
      log(`Lighthouse ${preset} ${run + 1}/${lighthouseRuns}`)
      const result = await part(`Lighthouse ${preset}`, () =>
        lighthouseOnce(
          lighthouseCli,
          `${server.url}${CONNECTORS_PATH}`,
          preset,
          path.join(work, `lighthouse-${preset}-${run}.json`),
        ),
      )
      if (result) raw.lighthouse[preset].push(result)
    }
  }
  raw.classes = { app: [...classes.entry], mockBackend: [...classes.mock] }
  report(classes)
} catch (error) {
  errors.push(error.message)
  console.error(`bench: could not measure: ${error.message}`)
  process.exitCode = 2
} finally {
  await browser?.close().catch(() => {})
  await server?.stop()
  rmSync(work, { recursive: true, force: true })
}

function report(classes) {
  const rows = []
  const sizes = new Map(raw.chunks.map((chunk) => [chunk.file, chunk]))
  const floorGzip = raw.floorChunks
    .filter((chunk) => chunk.file.endsWith('.js'))
    .reduce((sum, chunk) => sum + chunk.gzip, 0)

  // 1. Size
  const S1 = 'Size (gzip level 9; 1 kB = 1000 bytes)'
  for (const chunk of raw.chunks) {
    const kind =
      chunk.file === 'mockServiceWorker.js'
        ? 'mock backend, service worker'
        : chunk.file.endsWith('.css')
          ? 'css'
          : classes.kindOf(chunk.file)
    rows.push(sizeRow(S1, `chunk ${chunk.file} (${kind})`, chunk.gzip, { raw: chunk.raw }))
  }
  rows.push(
    sizeRow(S1, 'floor: React + ReactDOM hello world, all JS', floorGzip, {
      raw: raw.floorChunks.reduce((sum, chunk) => sum + chunk.raw, 0),
    }),
  )
  const visit = raw.seedList?.firstVisit
  if (visit) {
    const loaded = visit.scripts.before.map((script) => script.path.replace(/^\//, ''))
    const known = loaded.filter((file) => sizes.has(file))
    const sum = (files) => files.reduce((total, file) => total + sizes.get(file).gzip, 0)
    const sumRaw = (files) => files.reduce((total, file) => total + sizes.get(file).raw, 0)
    const lazy = known.filter((file) => classes.kindOf(file) === 'lazy')
    // Lazy chunks count as first-load app JS only if the rows do not show without them.
    const lazyNeeded = raw.lazyNeededForFirstRows !== false
    const app = known.filter((file) => classes.kindOf(file) === 'app' || (lazyNeeded && lazy.includes(file)))
    const mock = known.filter((file) => classes.kindOf(file).startsWith('mock backend'))
    if (visit.scripts.worker && sizes.has(visit.scripts.worker.replace(/^\//, '')))
      mock.push(visit.scripts.worker.replace(/^\//, ''))
    raw.firstLoad = { loadedBeforeFirstRows: loaded, app, mock, lazy, lazyNeeded, firstRowAtMs: visit.firstRowAt }
    const appFigure =
      lazyNeeded && lazy.length
        ? `first-load JS before first rows, app only (incl. ${lazy.length} lazy chunks, ${raw.lazyNeededForFirstRows === true ? 'needed' : 'not known to be unneeded'})`
        : 'first-load JS before first rows, app only'
    rows.push(
      sizeRow(S1, appFigure, sum(app), { raw: sumRaw(app), budgetKb: FIRST_LOAD_BUDGET_KB, floorBytes: floorGzip }),
    )
    rows.push(
      sizeRow(S1, 'first-load JS before first rows, with mock backend', sum(app) + sum(mock), {
        raw: sumRaw(app) + sumRaw(mock),
        floorBytes: floorGzip,
      }),
    )
    if (lazy.length && !lazyNeeded)
      rows.push(
        sizeRow(S1, `lazy chunks prefetched by then, not needed for the rows (${lazy.length})`, sum(lazy), {
          raw: sumRaw(lazy),
        }),
      )
    const separate = mock.length > 0 && !classes.entry.has(classes.mockEntryFile)
    rows.push(
      textRow(S1, 'mock backend loaded separately (dynamic import)', separate ? `yes, ${mock.length} files` : 'no', {
        budget: 'separate',
        ok: separate,
      }),
    )
  } else {
    rows.push(
      textRow(S1, 'first-load JS before first rows', 'not measured', { budget: `≤ ${FIRST_LOAD_BUDGET_KB} kB gz` }),
    )
  }

  // 2. Interactions
  const S2 = `Interactions, Event Timing: input → next paint (?latency=0, ${raw.flows.length} fresh run${raw.flows.length === 1 ? '' : 's'})`
  const S2b = 'Interactions: input → new screen painted (includes lazy chunks, Suspense and mock API calls)'
  const pooled = (key, label) =>
    raw.flows.flatMap((flow) => flow[key][label] ?? []).map((value) => (value === null ? below(16) : value))
  const ACTIONS = [
    'Open the catalog',
    'Pick a type',
    'Keystroke in Name',
    'Continue (Overview → Details)',
    'Back (Details → Overview)',
    'Continue (Details → Delegates Setup)',
    'Back (Delegates Setup → Details)',
    'Save and Continue',
    'Finish',
  ]
  for (const label of ACTIONS)
    rows.push(msRow(S2, label, pooled('eventTiming', label), { budget: INTERACTION_BUDGET, digits: 0 }))
  for (const label of ACTIONS.filter((name) => name !== 'Keystroke in Name')) {
    rows.push(msRow(S2b, `${label}, screen painted`, pooled('shown', label), { budget: INTERACTION_BUDGET }))
  }
  rows.push(msRow(S2b, 'Test result: Save and Continue → "Connection successful"', pooled('shown', 'Test result')))

  // 3. Scale
  const S3 = `Scale: ${BULK_CONNECTORS.toLocaleString('en')} connectors (seeded via ?bench-connectors), ${reps} fresh page${reps === 1 ? '' : 's'}`
  const seed = raw.seedList
  const bulk = raw.bulkList
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]
  const seedFirstRows = seed?.firstRows.length ? { value: median(seed.firstRows), label: 'seed' } : null
  const seedHeap = seed?.heap.length ? { value: median(seed.heap) / 1e6, label: 'seed' } : null
  const connectors = (count) => (count === 1 ? '1 connector' : `${count?.toLocaleString('en') ?? '?'} connectors`)
  rows.push(
    msRow(
      S3,
      `first rows, seed data (${connectors(seed?.total)}): navigation → first row painted`,
      seed?.firstRows ?? [],
    ),
  )
  rows.push(
    msRow(S3, `first rows, ${connectors(bulk?.total)}: navigation → first row painted`, bulk?.firstRows ?? [], {
      ratioTo: seedFirstRows,
    }),
  )
  rows.push(
    msRow(
      S3,
      'first visit that seeds the 10,000 (not a user figure)',
      bulk?.firstVisit ? [bulk.firstVisit.firstRowAt] : [],
    ),
  )
  const searchShown = (bulk?.search ?? []).flatMap((run) => run.shown)
  rows.push(
    msRow(S3, `search keystroke → list updated ("${SEARCH_TERM}", per key)`, searchShown, { budget: FILTER_BUDGET }),
  )
  rows.push(
    msRow(
      S3,
      'search keystroke, Event Timing: input → next paint',
      (bulk?.search ?? []).flatMap((run) => run.eventTiming).map((value) => (value === null ? below(16) : value)),
      { budget: INTERACTION_BUDGET, digits: 0 },
    ),
  )
  rows.push(
    numberRow(
      S3,
      'JS heap used after GC, seed data',
      (seed?.heap ?? []).map((bytes) => bytes / 1e6),
      { unit: 'MB', digits: 1 },
    ),
  )
  rows.push(
    numberRow(
      S3,
      'JS heap used after GC, 10,000 connectors (page + in-page mock)',
      (bulk?.heap ?? []).map((bytes) => bytes / 1e6),
      { unit: 'MB', digits: 1, ratioTo: seedHeap },
    ),
  )

  // 4. Lighthouse
  const S4 = `Lighthouse 12.2.3, ${CONNECTORS_PATH} (realistic mock latency)`
  for (const preset of ['desktop', 'mobile']) {
    const runs = raw.lighthouse?.[preset] ?? []
    rows.push(
      numberRow(
        S4,
        `performance score, ${preset}`,
        runs.map((run) => run.performance),
      ),
    )
    rows.push(
      numberRow(
        S4,
        `accessibility score, ${preset}`,
        runs.map((run) => run.accessibility),
        { budget: { op: '≥', value: 100 } },
      ),
    )
  }

  const table = renderTable(rows)
  const seconds = Math.round((Date.now() - started) / 1000)
  const over = rows.filter((row) => row.status === 'over').map((row) => row.figure)
  const missing = rows.filter((row) => row.missing || row.value === 'not measured').map((row) => row.figure)
  console.log(table)
  console.log(`\nOver budget: ${over.length ? over.join('; ') : 'none'}`)
  if (missing.length || errors.length) console.log(`Not measured: ${[...missing, ...errors].join('; ')}`)
  console.log(
    `Run took ${seconds} s on ${os.cpus().length} cores (load average at the end ${os.loadavg()[0].toFixed(2)}).`,
  )

  const result = {
    startedAt: new Date(started).toISOString(),
    durationSeconds: seconds,
    options: { reps, lighthouseRuns, bulkConnectors: BULK_CONNECTORS, searchTerm: SEARCH_TERM, strict },
    environment: {
      node: process.version,
      chromium: raw.chromium,
      playwright: JSON.parse(readFileSync(path.join(appRoot, 'node_modules/@playwright/test/package.json'), 'utf8'))
        .version,
      vite: JSON.parse(readFileSync(path.join(appRoot, 'node_modules/vite/package.json'), 'utf8')).version,
      lighthouse: JSON.parse(readFileSync(path.join(benchDir, 'node_modules/lighthouse/package.json'), 'utf8')).version,
      cpus: os.cpus().length,
      loadAverageAtEnd: os.loadavg(),
    },
    overBudget: over,
    errors,
    rows,
    raw,
    table,
  }
  mkdirSync(path.join(benchDir, 'results'), { recursive: true })
  writeFileSync(path.join(benchDir, 'results/latest.json'), `${JSON.stringify(result, null, 2)}\n`)
  console.log('Wrote bench/results/latest.json')
  process.exitCode = errors.length || missing.length ? 2 : strict && over.length ? 1 : 0
}
