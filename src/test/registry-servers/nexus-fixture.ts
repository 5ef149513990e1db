import type http from 'node:http'
import { htmlPage, startHttpFixture, type TestHttpServer } from './http-fixture'
import { basicCredentials } from './server-kit'

/**
 * A FIXTURE, not Nexus: no Nexus server can be installed here, so this Node server replays the
 * answers Sonatype documents (docs/reference/registry-protocols.md §6) for the calls a
 * connection test makes.
 * - Nexus 3, at the root: `GET /service/rest/v1/status` → 200 (503 when `unavailable`);
 *   `GET /service/rest/v1/repositories` → the list, filtered for anonymous callers (`[]`),
 *   401 with `WWW-Authenticate: BASIC realm="Sonatype Nexus Repository Manager"` for wrong credentials.
 * - Nexus 2, under `/nexus`: `GET /nexus/service/local/status` → `{"data":{"state":"STARTED",…}}`
 *   with `Accept: application/json` (XML otherwise); `GET /nexus/service/local/repositories` likewise.
 * - Anything else → a 404 page.
 */

export type NexusFixtureOptions = {
  version: 2 | 3
  credentials: { username: string; password: string }
  unavailable?: boolean
  /** false: without the Server header that names Nexus, as a proxy that strips it. */
  serverHeader?: boolean
}

const REALM = { 'WWW-Authenticate': 'BASIC realm="Sonatype Nexus Repository Manager"' }

export function startNexusFixture(options: NexusFixtureOptions): Promise<TestHttpServer> {
  const nexus3 = options.version === 3
  const server = nexus3 ? 'Nexus/3.68.1-02 (OSS)' : 'Nexus/2.15.1-02'
  const named: http.OutgoingHttpHeaders = options.serverHeader === false ? {} : { Server: server }
  const send = (response: http.ServerResponse, status: number, body: unknown, xml?: string) => {
    const type = xml === undefined ? 'application/json' : 'application/xml'
    response.writeHead(status, { ...named, 'Content-Type': type })
    response.end(xml ?? JSON.stringify(body))
  }
  const api = nexus3
    ? { status: '/service/rest/v1/status', repositories: '/service/rest/v1/repositories' }
    : { status: '/nexus/service/local/status', repositories: '/nexus/service/local/repositories' }
  return startHttpFixture((request, response) => {
    const path = new URL(request.url ?? '/', 'http://fixture').pathname.replace(/\/+$/, '')
    const wantsJson = /json/.test(request.headers.accept ?? '')
    if (path === api.status) {
      if (options.unavailable) return send(response, 503, { message: 'Service Unavailable' })
      if (nexus3) return void response.writeHead(200, named).end()
      const data = { appName: 'Nexus Repository Manager', state: 'STARTED', version: '2.15.1-02' }
      const xml = wantsJson ? undefined : `<status><data><state>STARTED</state></data></status>`
      return send(response, 200, { data }, xml)
    }
    if (path === api.repositories) {
      const sent = basicCredentials(request)
      const { username, password } = options.credentials
      if (sent && (sent.username !== username || sent.password !== password)) {
        response.writeHead(401, { ...named, ...REALM })
        return void response.end()
      }
      const list = sent ? [{ name: 'maven-releases', format: 'maven2', type: 'hosted', url: '' }] : []
      if (nexus3) return send(response, 200, list)
      const xml = wantsJson ? undefined : '<repositories><data></data></repositories>'
      return send(response, 200, { data: list.map((repo) => ({ id: repo.name, format: repo.format })) }, xml)
    }
    htmlPage(response, 404, named)
  })
}
