import type { HttpHandler } from 'msw'
import { http } from 'msw'
import type { ApiOptions } from '../backend/create-api'
import { createApi } from '../backend/create-api'

/** The API hosted by Mock Service Worker, for the browser's worker and for the tests' server alike. */
export function createHandlers(options: ApiOptions): HttpHandler[] {
  const api = createApi(options)
  const origin = (options.baseUrl ?? '').replace(/\/+$/, '')
  // Returning nothing lets a request the API does not serve pass (the app's own files).
  return [http.all(`${origin}/*`, ({ request }) => api(request))]
}
