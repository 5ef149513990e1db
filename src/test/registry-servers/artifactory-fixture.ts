import type http from 'node:http'
import { htmlPage, startHttpFixture, type TestHttpServer } from './http-fixture'
import { basicCredentials } from './server-kit'

/**
 * A FIXTURE, not Artifactory: no Artifactory server can be installed here, so this Node server
 * replays the answers JFrog documents (docs/reference/registry-protocols.md §5) for the calls a
 * connection test makes, under the `/artifactory` context path:
 * - `GET <ctx>/api/system/ping` → 200 `OK` to anyone;
 * - `GET <ctx>/api/repositories` → the list, `401 {"errors":[{"status":401,"message":"Bad credentials"}]}`
 *   for wrong credentials, and for none unless anonymous access is on (then what anonymous may see);
 * - with `helmRepository`, `GET <ctx>/api/helm/<name>/index.yaml` → a Helm repository index;
 * - anything else, the root's API paths included → the router's 404 page.
 */

export type ArtifactoryFixtureOptions = {
  credentials: { username: string; password: string }
  anonymousAccess?: boolean
  contextPath?: string
  /** A Helm repository of that name, at `<ctx>/api/helm/<name>` as Artifactory serves one (its index.yaml). */
  helmRepository?: string
  /** false: without the X-JFrog-Version and X-Artifactory-Id headers, as a proxy that strips them. */
  productHeaders?: boolean
}

const JFROG_HEADERS = { 'X-JFrog-Version': 'Artifactory/7.77.5 77705900', 'X-Artifactory-Id': 'fixture0001' }

const REPOSITORIES = [
  { key: 'docker-local', type: 'LOCAL', description: '', url: '', packageType: 'Docker' },
  { key: 'helm-remote', type: 'REMOTE', description: '', url: '', packageType: 'Helm' },
  { key: 'libs-release', type: 'VIRTUAL', description: '', url: '', packageType: 'Maven' },
]

const HELM_INDEX =
  'apiVersion: v1\nentries:\n  demo-chart:\n    - apiVersion: v2\n      name: demo-chart\n      version: 0.1.0\n      urls: [demo-chart-0.1.0.tgz]\ngenerated: "2025-06-01T12:00:00Z"\n'

export function startArtifactoryFixture(options: ArtifactoryFixtureOptions): Promise<TestHttpServer> {
  const context = options.contextPath ?? '/artifactory'
  const headers = options.productHeaders === false ? {} : JFROG_HEADERS
  const json = (response: http.ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { ...headers, 'Content-Type': 'application/json' })
    response.end(JSON.stringify(body))
  }
  return startHttpFixture((request, response) => {
    const path = new URL(request.url ?? '/', 'http://fixture').pathname.replace(/\/+$/, '')
    if (path === `${context}/api/system/ping`) {
      response.writeHead(200, { ...headers, 'Content-Type': 'text/plain' })
      return void response.end('OK')
    }
    if (options.helmRepository && path === `${context}/api/helm/${options.helmRepository}/index.yaml`) {
      response.writeHead(200, { ...headers, 'Content-Type': 'application/x-yaml' })
      return void response.end(HELM_INDEX)
    }
    if (path === `${context}/api/repositories`) {
      const sent = basicCredentials(request)
      const { username, password } = options.credentials
      if (sent ? sent.username === username && sent.password === password : options.anonymousAccess) {
        return json(response, 200, sent ? REPOSITORIES : [])
      }
      return json(response, 401, { errors: [{ status: 401, message: 'Bad credentials' }] })
    }
    htmlPage(response, 404, headers)
  })
}
