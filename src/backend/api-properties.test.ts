import { describe, it } from 'vitest'
import { checkConnectorBodies } from '../test/connector-body-properties'

/**
 * The connector API's property (src/test/connector-body-properties.ts) against the MSW-hosted
 * core; src/server/api-properties.test.ts runs the same property against the Node server.
 */
describe('connector bodies, at random, on the MSW-hosted API', () => {
  it('never answer 5xx, answer 200 exactly for valid bodies, and read back as sent', async () => {
    await checkConnectorBodies(
      async (method, path, body) => {
        const response = await fetch(`${window.location.origin}${path}`, {
          method,
          headers: {
            Accept: 'application/json',
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body,
        })
        return { status: response.status, json: (await response.json()) as unknown }
      },
      Number(process.env.PROPERTY_RUNS ?? 150),
    )
  }, 60_000)
})
