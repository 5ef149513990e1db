/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { precompressAssets } from './src/server/precompressed-assets'

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [react(), precompressAssets()],
  build: isSsrBuild
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
