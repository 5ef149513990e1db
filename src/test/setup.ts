import '@testing-library/jest-dom/vitest'
import 'fake-indexeddb/auto'
import { cleanup } from '@testing-library/react'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { resetMockBackend, server } from '../demo-backend/node-mock-backend'

beforeAll(() =>
  server.listen({
    onUnhandledRequest(request, print) {
      // The Node server that src/backend/both-hosts.ts starts on loopback answers for itself.
      if (new URL(request.url).hostname === '127.0.0.1') return
      print.error()
    },
  }),
)

afterEach(async () => {
  cleanup()
  server.resetHandlers()
  await resetMockBackend()
})

afterAll(() => server.close())
