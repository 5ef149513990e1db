// Test support: Debian's nginx on loopback terminating TLS in front of the app, as a team puts the
// server behind an HTTPS reverse proxy (docs/reference/live-servers.md §6).
// It runs in the foreground as the test's child, every path inside a temporary folder.
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { removeDir, startProcess, tempDir, waitForHttp } from './registry-servers/server-kit'
import { selfSignedCertificate } from './registry-servers/tls-cert'

export type HttpsProxy = { url: string; certPem: string; stop(): Promise<void> }

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((candidate) => existsSync(candidate))

export async function startHttpsProxy(options: { port: number; upstreamPort: number }): Promise<HttpsProxy> {
  if (!NGINX) throw new Error('nginx is not installed (Debian: apt-get install nginx-light); .ci/run installs it.')
  const dir = await tempDir('https-proxy-')
  const certificate = await selfSignedCertificate(dir, {
    commonName: 'localhost',
    subjectAltName: 'DNS:localhost,IP:127.0.0.1',
  })
  const config = path.join(dir, 'nginx.conf')
  await writeFile(
    config,
    `daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events {}
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${options.port} ssl;
    ssl_certificate ${certificate.certFile}; ssl_certificate_key ${certificate.keyFile};
    location / {
      proxy_pass http://127.0.0.1:${options.upstreamPort};
      proxy_http_version 1.1;
      proxy_set_header X-Forwarded-Proto https;
      proxy_set_header X-Forwarded-Host $host:$server_port;
    }
  }
}
`,
  )
  const nginx = startProcess(NGINX, ['-c', config, '-e', path.join(dir, 'error.log')])
  const url = `https://localhost:${options.port}`
  try {
    await waitForHttp(`${url}/`, { ca: certificate.certPem, process: nginx.child })
  } catch (error) {
    await nginx.stop()
    throw new Error(`nginx did not start: ${String(error)}\n${nginx.stderr()}`)
  }
  return {
    url,
    certPem: certificate.certPem,
    async stop() {
      await nginx.stop()
      await removeDir(dir)
    },
  }
}
