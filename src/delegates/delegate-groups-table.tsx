import type { ReactNode } from 'react'
import type { DelegateGroup, DelegateInstance } from '../lib/api-types'
import { RelativeTime } from '../ui/relative-time'
import { StackedTable } from '../ui/stacked-table'
import { delegateTags } from './delegate-api'

function Status({ connected }: { connected: boolean }) {
  return (
    <span className={`delegate-status delegate-status--${connected ? 'connected' : 'disconnected'}`}>
      <span className={`dot dot--${connected ? 'ok' : 'off'}`} aria-hidden="true" />
      {connected ? 'Connected' : 'Disconnected'}
    </span>
  )
}

function Tags({ group }: { group: DelegateGroup }) {
  // Its own name is a selector too, but the row already says it.
  const tags = delegateTags(group).filter((tag) => tag !== group.groupName.toLowerCase())
  if (!tags.length) return <span className="muted">none</span>
  return tags.map((tag) => (
    <code key={tag} className="ref-chip">
      {tag}
    </code>
  ))
}

function Instances({ instances }: { instances: DelegateInstance[] | undefined }) {
  if (!instances?.length) return <span className="muted">none</span>
  return (
    <ul className="delegate-instances">
      {instances.map((instance, index) => (
        // Processes have no id of their own here; the list's order (newest heartbeat first) is stable.
        <li key={`${instance.hostname}-${index}`}>
          <code>{instance.hostname}</code>{' '}
          <span className="delegate-instances__load">
            {instance.runningTests} of {instance.maxConcurrency} tests running
          </span>
          {instance.connected ? null : (
            <>
              {' '}
              · Disconnected, last heartbeat <RelativeTime timestamp={instance.lastHeartBeat} />
            </>
          )}
        </li>
      ))}
    </ul>
  )
}

/** One row per delegate (a name), its status in words as well as colour, and its processes. */
export function DelegateGroupsTable({
  groups,
  actions,
}: {
  groups: DelegateGroup[]
  /** A row's actions (Remove, on the real server); no column without them. */
  actions?: (group: DelegateGroup) => ReactNode
}) {
  // The demo's delegates are simulated: they report no processes, so there is no column for them.
  const withInstances = groups.some((group) => group.instances !== undefined)
  return (
    // A narrow screen scrolls the table, not the page.
    <StackedTable
      label="Delegates table"
      caption="Delegates"
      columns={['Name', 'Tags', 'Status', 'Last heartbeat', withInstances && 'Instances']}
      buttonsColumn={actions ? 'Actions' : undefined}
      className="delegate-groups"
    >
      {groups.map((group) => (
        <tr key={group.delegateGroupIdentifier}>
          <th scope="row">{group.groupName}</th>
          <td data-label="Tags">
            <Tags group={group} />
          </td>
          <td data-label="Status">
            <Status connected={group.activelyConnected} />
          </td>
          <td data-label="Last heartbeat">
            <RelativeTime timestamp={group.lastHeartBeat} />
          </td>
          {withInstances ? (
            <td data-label="Instances">
              <Instances instances={group.instances} />
            </td>
          ) : null}
          {actions ? <td className="row-actions">{actions(group)}</td> : null}
        </tr>
      ))}
    </StackedTable>
  )
}
