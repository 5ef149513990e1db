import { expect, type APIRequestContext } from '@playwright/test'
import { PAYMENTS_PROJECT_BODY, PAYMENTS_PROJECT_QUERY } from '../../src/test/payments-bodies'

/**
 * The real server's first start makes only its account (acme, as the config starts it) with
 * `default/default_project`; the real-server specs work in project payments, made here. A
 * reused server has it already (409).
 */
export async function ensurePaymentsProject(request: APIRequestContext): Promise<void> {
  const response = await request.post(`/ng/api/projects?${PAYMENTS_PROJECT_QUERY}`, { data: PAYMENTS_PROJECT_BODY })
  expect([200, 409]).toContain(response.status())
}
