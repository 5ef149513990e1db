import type { ServerRecogniser } from '../kit/identify-server'
import { judgeCredentials, serves } from '../kit/simulated-servers'
import { readHelmIndex } from './helm-index'
import { httpHelmProtocol } from './simulated'

/** Enough of an index to tell one: a large index is read from its beginning. */
const PROBE_INDEX_BYTES = 1024 * 1024

function charts(count: number, partial?: boolean): string {
  return `${count}${partial ? '+' : ''} chart${count === 1 && !partial ? '' : 's'}`
}

/**
 * A Helm chart repository is a static web server: no header names it, but `index.yaml` at its
 * URL is a Helm repository index, which is what `helm repo add` reads too.
 */
export const recogniseHelmRepository: ServerRecogniser = {
  probes: [
    {
      url: (target) => `${target.base}/index.yaml`,
      // helm sends them at once; a private repository answers 401 without them.
      withCredentials: true,
      maxBodyBytes: PROBE_INDEX_BYTES,
      recognise: async (answer, pause) => {
        if (answer.status !== 200) return undefined
        const index = await readHelmIndex(answer.body, answer.truncated, pause)
        if (!index.ok) return undefined
        return {
          name: 'an HTTP Helm repository',
          useWith: [{ type: 'HttpHelmRepo' }],
          evidence: `a Helm repository index of ${charts(index.charts, index.partial)}`,
        }
      },
      simulated: (ctx) => {
        // Only the repository's own URL serves its index.
        if (!serves(httpHelmProtocol, ctx.row.kind) || !ctx.pathMatches) return undefined
        // The same index the HTTP Helm test reads from the row (simulated.ts).
        if (judgeCredentials(ctx.row, ctx.auth, ctx.now).accepted) {
          const evidence = `a Helm repository index of ${charts(4)}`
          return { status: '200 OK', detail: `, Content-Type: application/x-yaml (${evidence})`, evidence }
        }
        return { status: '401 Unauthorized', detail: ', Www-Authenticate: Basic realm="charts"' }
      },
    },
  ],
}
