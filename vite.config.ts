/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { DELEGATE_FILE_NAME } from './src/lib/delegate-download'
import { precompressAssets } from './src/server/precompressed-assets'

/**
 * `vite build --ssr src/delegate-agent/main.ts --mode delegate` (`npm run build:delegate`): the
 * delegate as one file that plain node runs, everything but node's own modules inside, so that a
 * machine with only Node.js can start one (no checkout, no npm install). The server serves it from
 * `dist/delegate/` (GET /delegate/connectors-delegate.mjs) to whoever starts a delegate elsewhere.
 */
const DELEGATE_MODE = 'delegate'

export default defineConfig(({ isSsrBuild, mode }) => ({
  plugins: [react(), precompressAssets()],
  ...(mode === DELEGATE_MODE ? { ssr: { noExternal: true } } : {}),
  build:
    mode === DELEGATE_MODE
      ? {
          target: 'node20',
          outDir: 'dist/delegate',
          copyPublicDir: false,
          emptyOutDir: true,
          sourcemap: false,
          // Left readable: whoever runs it on their machine may read what it does.
          minify: false,
          rolldownOptions: {
            output: {
              entryFileNames: DELEGATE_FILE_NAME,
              // One file: the checks it imports lazily come inside it.
              codeSplitting: false,
              banner: `// Artifact Repository Connectors: a delegate, built from src/delegate-agent/main.ts.\n// node ${DELEGATE_FILE_NAME} --help`,
            },
          },
        }
      : isSsrBuild
        ? // The Node server (`npm run build:server`): one file that plain node runs, packages left
          // to node_modules, none of the app's public files.
          { target: 'node20', outDir: 'dist-server', copyPublicDir: false, emptyOutDir: true, sourcemap: false }
        : { target: 'es2022', sourcemap: false },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    testTimeout: 15000,
    // Opening an embedded PostgreSQL or starting a real one takes seconds on a busy 2-core machine.
    hookTimeout: 60000,
  },
}))
