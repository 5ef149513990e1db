import { DEMO_CHART, demoChartTgz, sha256 } from './helm-chart'
import { startHttpFixture, htmlPage, type TestHttpServer } from './http-fixture'
import { basicCredentials } from './server-kit'

/**
 * A static Helm chart repository (docs/reference/live-servers.md §4): `/index.yaml` and the chart it lists,
 * optionally behind Basic auth. `content: 'no-index'` serves the chart but no index (404),
 * `'html'` answers every path with a web page, as a server that is not a repository does.
 */

export type HelmRepoOptions = {
  credentials?: { username: string; password: string }
  content?: 'index' | 'no-index' | 'html'
}

export async function startHelmRepo(options: HelmRepoOptions = {}): Promise<TestHttpServer> {
  const tgz = demoChartTgz()
  let base = ''
  const server = await startHttpFixture((request, response) => {
    const { credentials, content = 'index' } = options
    if (credentials) {
      const sent = basicCredentials(request)
      if (sent?.username !== credentials.username || sent.password !== credentials.password) {
        response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="helm-repo"', 'Content-Type': 'text/plain' })
        return void response.end('Unauthorized\n')
      }
    }
    const path = new URL(request.url ?? '/', base).pathname
    if (content === 'html') return htmlPage(response, 200)
    if (path === '/index.yaml' && content === 'index') {
      const now = new Date().toISOString()
      response.writeHead(200, { 'Content-Type': 'application/x-yaml' })
      return void response.end(
        [
          'apiVersion: v1',
          'entries:',
          `  ${DEMO_CHART.name}:`,
          '    - apiVersion: v2',
          `      name: ${DEMO_CHART.name}`,
          `      version: ${DEMO_CHART.version}`,
          `      description: ${DEMO_CHART.description}`,
          `      created: "${now}"`,
          `      digest: ${sha256(tgz)}`,
          '      urls:',
          `        - ${base}/charts/${DEMO_CHART.name}-${DEMO_CHART.version}.tgz`,
          `generated: "${now}"`,
          '',
        ].join('\n'),
      )
    }
    if (path === `/charts/${DEMO_CHART.name}-${DEMO_CHART.version}.tgz`) {
      response.writeHead(200, { 'Content-Type': 'application/gzip', 'Content-Length': tgz.length })
      return void response.end(tgz)
    }
    response.writeHead(404, { 'Content-Type': 'text/plain' })
    response.end('Not Found\n')
  })
  base = server.url
  return server
}
