import { defineConfig } from '@playwright/test'
import { DEMO_PORT, HTTPS_PROXY_PORT, REAL_PORT, SERVER_PORT } from './ports'

/**
 * The same browser tests run against both hosts of the one backend core: the demo (the static
 * build, its API in the page through Mock Service Worker) and the Node server with its embedded
 * PostgreSQL, started with --simulated-world so that connection tests meet the same world.
 */
const SERVER_DATA = '.tmp/e2e-server-data'
const REAL_DATA = '.tmp/e2e-real-data'
/** Specs for the real app only (real registries, an HTTPS proxy in front, sign-in). */
const REAL_ONLY = ['real-delegates.spec.ts', 'https-proxy.spec.ts', 'sign-in.spec.ts']

const chromium = {
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
}

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '../test-results/playwright.json' }]],
  outputDir: '../test-results/playwright',
  use: { trace: 'retain-on-failure', launchOptions: chromium },
  projects: [
    { name: 'demo', testIgnore: REAL_ONLY, use: { baseURL: `http://127.0.0.1:${DEMO_PORT}` } },
    { name: 'server', testIgnore: REAL_ONLY, use: { baseURL: `http://127.0.0.1:${SERVER_PORT}` } },
    { name: 'real', testMatch: REAL_ONLY, use: { baseURL: `http://127.0.0.1:${REAL_PORT}` } },
  ],
  webServer: [
    {
      command: `npm run build && npx vite preview --host 127.0.0.1 --port ${DEMO_PORT} --strictPort`,
      cwd: '..',
      url: `http://127.0.0.1:${DEMO_PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // A fresh database each run; the server reads dist/ per request, so it may start before the build ends.
      command: `node -e "require('fs').rmSync('${SERVER_DATA}', { recursive: true, force: true })" && npx tsx src/server/main.ts --port ${SERVER_PORT} --data ${SERVER_DATA} --simulated-world`,
      cwd: '..',
      url: `http://127.0.0.1:${SERVER_PORT}/ng/api/changes`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // Also reached through nginx terminating TLS (https-proxy.spec.ts), as on a shared server.
      // Its first start makes the account acme; the specs make project payments (payments-project.ts).
      command: `node -e "require('fs').rmSync('${REAL_DATA}', { recursive: true, force: true })" && npx tsx src/server/main.ts --port ${REAL_PORT} --data ${REAL_DATA} --account acme --delegate-tags e2e,loopback --no-sign-in --public-url https://localhost:${HTTPS_PROXY_PORT} --trust-proxy`,
      cwd: '..',
      url: `http://127.0.0.1:${REAL_PORT}/ng/api/changes`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
})
