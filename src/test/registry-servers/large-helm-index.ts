// Test support: a Helm repository index as large as public ones get, for the bounded reader's tests.

/** A realistic index: `charts` charts of `versions` versions each. */
export function largeIndex(charts: number, versions = 20): string {
  const lines = ['apiVersion: v1', 'entries:']
  for (let chart = 0; chart < charts; chart += 1) {
    lines.push(`  chart-${chart}:`)
    for (let version = 0; version < versions; version += 1) {
      lines.push(
        '  - apiVersion: v2',
        `    name: chart-${chart}`,
        `    version: 1.${version}.0`,
        `    description: A chart of the large index, number ${chart}, version ${version}`,
        `    digest: ${'0'.repeat(64)}`,
        '    urls:',
        `    - https://charts.example/chart-${chart}-1.${version}.0.tgz`,
      )
    }
  }
  lines.push('generated: "2026-12-06T00:00:00Z"', '')
  return lines.join('\n')
}
