import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'

/**
 * A tiny, deterministic Helm chart (`demo-chart-0.1.0.tgz`) built in memory: a ustar archive of
 * Chart.yaml, values.yaml and one template, gzipped. Nothing here runs helm.
 */

export const DEMO_CHART = { name: 'demo-chart', version: '0.1.0', description: 'Tiny fake chart for connection tests' }

const FILES: [string, string][] = [
  [
    'demo-chart/Chart.yaml',
    `apiVersion: v2\nname: ${DEMO_CHART.name}\nversion: ${DEMO_CHART.version}\nappVersion: "1.0.0"\ndescription: ${DEMO_CHART.description}\ntype: application\n`,
  ],
  ['demo-chart/values.yaml', 'greeting: hello\n'],
  [
    'demo-chart/templates/configmap.yaml',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-demo\ndata:\n  greeting: {{ .Values.greeting }}\n',
  ],
]

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0'
}

function tarEntry(path: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512)
  header.write(path, 0, 100)
  header.write(octal(0o644, 8), 100)
  header.write(octal(0, 8), 108)
  header.write(octal(0, 8), 116)
  header.write(octal(content.length, 12), 124)
  header.write(octal(Date.UTC(2026, 0, 1) / 1000, 12), 136)
  header.write('        ', 148)
  header.write('0', 156)
  header.write('ustar\0' + '00', 257)
  let sum = 0
  for (const byte of header) sum += byte
  header.write(octal(sum, 7) + ' ', 148)
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512)
  return Buffer.concat([header, content, padding])
}

export function demoChartTgz(): Buffer {
  const entries = FILES.map(([path, text]) => tarEntry(path, Buffer.from(text)))
  return gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)]), { level: 9 })
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex')
}

/** Helm's OCI config blob: Chart.yaml's metadata as JSON. */
export function demoChartConfig(): Buffer {
  return Buffer.from(JSON.stringify({ ...DEMO_CHART, apiVersion: 'v2', appVersion: '1.0.0', type: 'application' }))
}
