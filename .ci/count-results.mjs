// Sums Vitest's and Playwright's JSON reports into the one line CI reads: "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs'

let passed = 0
let failed = 0
let missing = []

const vitestPath = 'test-results/vitest.json'
if (existsSync(vitestPath)) {
  const report = JSON.parse(readFileSync(vitestPath, 'utf8'))
  passed += report.numPassedTests ?? 0
  failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0) - countSuitesWithFailedTests(report)
} else {
  missing.push('vitest')
}

function countSuitesWithFailedTests(report) {
  // numFailedTestSuites also counts files whose tests failed; only files that failed to load add to the total.
  return (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && (file.assertionResults ?? []).some((t) => t.status === 'failed'),
  ).length
}

const playwrightPath = 'test-results/playwright.json'
if (existsSync(playwrightPath)) {
  const report = JSON.parse(readFileSync(playwrightPath, 'utf8'))
  passed += (report.stats?.expected ?? 0) + (report.stats?.flaky ?? 0)
  failed += report.stats?.unexpected ?? 0
} else {
  missing.push('playwright')
}

if (missing.length) {
  console.log(`no results from: ${missing.join(', ')} (did the suite run?)`)
  failed += missing.length
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
