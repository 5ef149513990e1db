import '@testing-library/jest-dom/vitest'
import 'fake-indexeddb/auto'
import { cleanup } from '@testing-library/react'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { resetMockBackend, server } from '../demo-backend/node-mock-backend'

// jsdom has <dialog> but not its modal methods. As browsers do: showModal opens it and focuses its
// first focusable element; close closes it and fires `close` in a later task. No top layer and no
// inert page behind: the browser tests cover those.
if (typeof HTMLDialogElement !== 'undefined' && !('showModal' in HTMLDialogElement.prototype)) {
  Object.assign(HTMLDialogElement.prototype, {
    showModal(this: HTMLDialogElement) {
      this.setAttribute('open', '')
      this.querySelector<HTMLElement>(
        'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])',
      )?.focus()
    },
    close(this: HTMLDialogElement) {
      if (!this.hasAttribute('open')) return
      this.removeAttribute('open')
      setTimeout(() => this.dispatchEvent(new Event('close')))
    },
  })
}

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
