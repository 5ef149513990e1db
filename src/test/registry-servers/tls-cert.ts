import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { run } from './server-kit'

/** A self-signed certificate made with openssl, as docs/reference/live-servers.md §2 does (CA:TRUE, one SAN). */
export type TestCertificate = { certFile: string; keyFile: string; certPem: string }

export async function selfSignedCertificate(
  dir: string,
  options: { commonName?: string; subjectAltName?: string; name?: string } = {},
): Promise<TestCertificate> {
  const name = options.name ?? 'server'
  const certFile = join(dir, `${name}.crt`)
  const keyFile = join(dir, `${name}.key`)
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '2',
    '-subj',
    `/CN=${options.commonName ?? '127.0.0.1'}`,
    '-addext',
    `subjectAltName=${options.subjectAltName ?? 'IP:127.0.0.1'}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ])
  return { certFile, keyFile, certPem: await readFile(certFile, 'utf8') }
}
