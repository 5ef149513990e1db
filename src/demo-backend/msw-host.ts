import type { HttpHandler } from 'msw'
import { http } from 'msw'
import { demoAuthentication, demoDirectory } from '../backend/access/demo-principals'
import type { ApiOptions } from '../backend/create-api'
import { createApi } from '../backend/create-api'
import { SEED_ACCOUNT } from '../backend/seed-data'

/**
 * The API hosted by Mock Service Worker, for the browser's worker and for the tests' server
 * alike. The demo has no sign-in: whoever the page views as (its Account Admin by default).
 */
export function createHandlers(
  options: Omit<ApiOptions, 'authenticate'> & Partial<Pick<ApiOptions, 'authenticate'>>,
): HttpHandler[] {
  const api = createApi({
    ...options,
    authenticate: options.authenticate ?? demoAuthentication(SEED_ACCOUNT),
    principals: options.principals ?? demoDirectory(),
  })
  const origin = (options.baseUrl ?? '').replace(/\/+$/, '')
  // Returning nothing lets a request the API does not serve pass (the app's own files).
  return [http.all(`${origin}/*`, ({ request }) => api(request))]
}
