import http from 'node:http'
import { demoChartConfig, demoChartTgz, DEMO_CHART, sha256 } from './helm-chart'

/**
 * Pushes the demo chart into a registry as Helm does, through the distribution API
 * (docs/reference/live-servers.md §5): each blob by POST uploads + PUT ?digest=, then the OCI manifest.
 * Plain-HTTP registries only (the test registries); `authorization` is sent with every request.
 */

type Reply = { status: number; headers: http.IncomingHttpHeaders }

function call(method: string, url: string, headers: Record<string, string>, body?: Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent: false }, (response) => {
      response.resume()
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }))
    })
    request.on('error', reject)
    request.end(body)
  })
}

function expect(reply: Reply, status: number, what: string): void {
  if (reply.status !== status) throw new Error(`${what}: expected ${status}, got ${reply.status}`)
}

export async function pushDemoChart(push: {
  registry: string
  repository: string
  tag?: string
  authorization: string
}): Promise<{ manifestDigest: string }> {
  const { registry, repository, authorization } = push
  const auth = { Authorization: authorization }
  const blobs = [
    { data: demoChartConfig(), mediaType: 'application/vnd.cncf.helm.config.v1+json' },
    { data: demoChartTgz(), mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip' },
  ]
  for (const blob of blobs) {
    const digest = `sha256:${sha256(blob.data)}`
    const started = await call('POST', `${registry}/v2/${repository}/blobs/uploads/`, auth)
    expect(started, 202, 'POST blobs/uploads')
    const location = new URL(String(started.headers.location), registry)
    location.searchParams.set('digest', digest)
    const headers = { ...auth, 'Content-Type': 'application/octet-stream', 'Content-Length': String(blob.data.length) }
    expect(await call('PUT', location.href, headers, blob.data), 201, 'PUT blob')
  }
  const [config, layer] = blobs.map((blob) => ({
    mediaType: blob.mediaType,
    digest: `sha256:${sha256(blob.data)}`,
    size: blob.data.length,
  }))
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config,
      layers: [layer],
      annotations: {
        'org.opencontainers.image.title': DEMO_CHART.name,
        'org.opencontainers.image.version': DEMO_CHART.version,
      },
    }),
  )
  const headers = { ...auth, 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }
  const url = `${registry}/v2/${repository}/manifests/${push.tag ?? DEMO_CHART.version}`
  expect(await call('PUT', url, headers, manifest), 201, 'PUT manifest')
  return { manifestDigest: `sha256:${sha256(manifest)}` }
}
