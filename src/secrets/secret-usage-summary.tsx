import type { EntitySetupUsage } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { scopeWords } from '../lib/use-permissions'
import { useSecretUsage } from './secret-api'

/** "1 connector", "3 connectors". */
export function connectorCount(count: number): string {
  return `${count.toLocaleString('en-US')} connector${count === 1 ? '' : 's'}`
}

/** The connectors a usage page names, each with where it lives, and how many more there are. */
export function SecretUsersList({ rows, total }: { rows: readonly EntitySetupUsage[]; total: number }) {
  const { accountIdentifier } = rows[0]?.referredEntity.entityRef ?? { accountIdentifier: '' }
  return (
    <>
      <ul className="secret-users">
        {rows.map(({ referredByEntity: { name, entityRef } }) => (
          <li key={`${entityRef.orgIdentifier ?? ''}/${entityRef.projectIdentifier ?? ''}/${entityRef.identifier}`}>
            {name} <span className="muted">({scopeWords({ ...entityRef, accountIdentifier })})</span>
          </li>
        ))}
      </ul>
      {total > rows.length ? <p className="muted">and {connectorCount(total - rows.length)} more</p> : null}
    </>
  )
}

/** Which connectors a change of the secret reaches, read when the dialog opens. */
export function SecretUsageSummary({ scope, identifier }: { scope: Scope; identifier: string }) {
  const usage = useSecretUsage(scope, identifier)
  if (usage.isPending) {
    return (
      <p className="muted" role="status">
        Checking which connectors use it…
      </p>
    )
  }
  if (usage.isError) {
    return <p className="field__error">Could not check which connectors use it: {usage.error.message}</p>
  }
  const { content, totalItems } = usage.data
  if (totalItems === 0) return <p className="muted">No connector uses this secret.</p>
  return (
    <div className="secret-usage">
      <p>
        {totalItems === 1
          ? 'Used by 1 connector: its next test sends a new value. After saving, you can test it.'
          : `Used by ${connectorCount(totalItems)}: their next tests send a new value. After saving, you can test them.`}
      </p>
      <SecretUsersList rows={content} total={totalItems} />
    </div>
  )
}
