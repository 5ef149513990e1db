import type { SecretResponse } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { SCOPE_LEVEL_LABELS, scopeLevel } from '../lib/scope'
import { ListTable } from '../ui/list-page'
import { PermittedButton } from '../ui/permitted-button'
import { RelativeTime } from '../ui/relative-time'
import { TagChips } from '../ui/tag-chips'
import { SecretLocation } from './secret-location'
import { connectorCount } from './secret-usage-summary'

type Props = {
  rows: readonly SecretResponse[]
  scope: Scope
  /** Why Edit and Delete are refused to the user, in words (undefined when allowed). */
  editDenied: string | undefined
  deleteDenied: string | undefined
  onEdit: (row: SecretResponse) => void
  onDelete: (row: SecretResponse) => void
}

/** What the API calls a secret's type, as a person reads it. */
const TYPE_LABELS: Record<string, string> = { SecretText: 'Text' }

/** The scope's secrets: what each is, where it lives, how many connectors use it; never a value. */
export function SecretTable({ rows, scope, editDenied, deleteDenied, onEdit, onDelete }: Props) {
  const level = scopeLevel(scope)
  const where = `${SCOPE_LEVEL_LABELS[level]} ${
    level === 'project' ? scope.projectIdentifier : level === 'org' ? scope.orgIdentifier : scope.accountIdentifier
  }`
  return (
    <ListTable
      caption={`Secrets of ${where.toLowerCase()}`}
      className="stacked-table"
      columns={
        <>
          <th scope="col">Secret</th>
          <th scope="col">Type</th>
          <th scope="col">Scope</th>
          <th scope="col">Used by</th>
          <th scope="col">Last updated</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </>
      }
    >
      {rows.map((row) => {
        const { secret, updatedAt, usedByConnectors } = row
        return (
          <tr key={secret.identifier}>
            <th scope="row">
              <span className="secret-cell">
                <span className="secret-cell__name">{secret.name}</span>
                <span className="secret-cell__meta">
                  ID: <code>{secret.identifier}</code>
                </span>
                <SecretLocation spec={secret.spec} />
                {secret.description ? <span className="secret-cell__description">{secret.description}</span> : null}
                <TagChips tags={secret.tags} />
              </span>
            </th>
            <td data-label="Type">{TYPE_LABELS[secret.type] ?? secret.type}</td>
            <td data-label="Scope">{where}</td>
            <td data-label="Used by">
              {usedByConnectors === undefined
                ? '—'
                : usedByConnectors === 0
                  ? 'Not used'
                  : connectorCount(usedByConnectors)}
            </td>
            <td data-label="Updated">
              <RelativeTime timestamp={updatedAt} />
              {row.lastModifiedBy ? <span className="secret-cell__by muted"> by {row.lastModifiedBy.name}</span> : null}
            </td>
            <td className="row-actions">
              <PermittedButton
                size="small"
                denied={editDenied}
                onClick={() => onEdit(row)}
                aria-label={`Edit ${secret.name}`}
              >
                Edit
              </PermittedButton>
              <PermittedButton
                size="small"
                variant="ghost"
                denied={deleteDenied}
                onClick={() => onDelete(row)}
                aria-label={`Delete ${secret.name}`}
              >
                Delete
              </PermittedButton>
            </td>
          </tr>
        )
      })}
    </ListTable>
  )
}
