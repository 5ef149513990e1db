import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { CHROME_FLAGS, CHROME_PATH } from './browser.mjs'

/**
 * Lighthouse 12.2.3 lives in bench/ with its own package.json and lock, so the app's
 * dependencies stay lean; it is installed on first use from that lock.
 */
export function ensureLighthouse(benchDir) {
  const cli = path.join(benchDir, 'node_modules/lighthouse/cli/index.js')
  if (existsSync(cli)) return cli
  console.log('Installing Lighthouse into bench/node_modules (npm ci)…')
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: benchDir, stdio: 'inherit' })
  if (result.status !== 0 || !existsSync(cli)) throw new Error('npm ci in bench/ failed; Lighthouse is not installed')
  return cli
}

function runCli(cli, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { ...process.env, CHROME_PATH },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`lighthouse exited with ${code}: ${stderr.slice(-2000)}`)),
    )
  })
}

/** One Lighthouse run of `url` with the mobile (default) or desktop preset. */
export async function lighthouseOnce(cli, url, preset, outputPath) {
  const args = [
    url,
    '--only-categories=performance,accessibility',
    '--output=json',
    `--output-path=${outputPath}`,
    `--chrome-flags=--headless=new ${CHROME_FLAGS.join(' ')}`,
    '--quiet',
  ]
  if (preset === 'desktop') args.push('--preset=desktop')
  await runCli(cli, args)
  const report = JSON.parse(readFileSync(outputPath, 'utf8'))
  if (report.runtimeError)
    throw new Error(`Lighthouse ${preset}: ${report.runtimeError.code} ${report.runtimeError.message}`)
  const score = (id) => (report.categories[id]?.score == null ? null : Math.round(report.categories[id].score * 100))
  const metric = (id) => report.audits[id]?.numericValue ?? null
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    firstContentfulPaintMs: metric('first-contentful-paint'),
    largestContentfulPaintMs: metric('largest-contentful-paint'),
    totalBlockingTimeMs: metric('total-blocking-time'),
    cumulativeLayoutShift: metric('cumulative-layout-shift'),
    failedAccessibilityAudits: Object.values(report.categories.accessibility?.auditRefs ?? [])
      .map((ref) => report.audits[ref.id])
      .filter((audit) => audit && audit.score === 0)
      .map((audit) => audit.id),
    // Where a failed accessibility audit points (a few elements each), to find them without a rerun.
    failedAccessibilityNodes: Object.values(report.categories.accessibility?.auditRefs ?? [])
      .map((ref) => report.audits[ref.id])
      .filter((audit) => audit && audit.score === 0)
      .flatMap((audit) =>
        (audit.details?.items ?? []).slice(0, 3).map((item) => ({
          audit: audit.id,
          selector: item.node?.selector ?? null,
          explanation: item.node?.explanation?.slice(0, 300) ?? null,
        })),
      ),
    // Lighthouse's opportunities that would save time on this page, largest first.
    opportunities: Object.values(report.audits)
      .filter((audit) => audit.details?.type === 'opportunity' && (audit.details.overallSavingsMs ?? 0) > 0)
      .sort((a, b) => b.details.overallSavingsMs - a.details.overallSavingsMs)
      .map((audit) => ({
        id: audit.id,
        savingsMs: Math.round(audit.details.overallSavingsMs),
        savingsBytes: audit.details.overallSavingsBytes ?? null,
      })),
  }
}
