import { downloadText } from '../../lib/download-text'
import type { Scope } from '../../lib/scope'
import type { BulkTarget } from '../bulk/bulk-targets'
import { collectTarget, readCurrent } from '../bulk/bulk-targets'

/**
 * Export: the connectors as one Harness YAML file, a `connector:` document each, separated by
 * `---` (what Import reads back). A connector holds secret references only (`passwordRef`),
 * never a secret's value, so neither does the file. The `yaml` library loads when asked for.
 */

export function exportFileName(scope: Scope): string {
  const where = [scope.accountIdentifier, scope.orgIdentifier, scope.projectIdentifier].filter(Boolean).join('-')
  return `connectors-${where}.yaml`
}

export type ExportResult = { count: number; fileName: string; missing: string[] }

export async function exportConnectors(scope: Scope, target: BulkTarget, signal?: AbortSignal): Promise<ExportResult> {
  // Ticked rows are re-read: an edit since they were listed must be in the file.
  const { rows, missing } =
    target.kind === 'picked'
      ? await readCurrent(
          scope,
          [...target.rows].sort((a, b) => a.connector.name.localeCompare(b.connector.name)),
          signal,
        )
      : { rows: await collectTarget(scope, target, signal), missing: [] }
  const fileName = exportFileName(scope)
  if (!rows.length) return { count: 0, fileName, missing }
  const { connectorsToYaml } = await import('../../connector-types/connector-yaml-documents')
  downloadText(connectorsToYaml(rows.map((row) => row.connector)), fileName, 'application/yaml')
  return { count: rows.length, fileName, missing }
}
