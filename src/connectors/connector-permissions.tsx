import type { ReactNode } from 'react'
import { createContext, use } from 'react'
import type { Scope } from '../lib/scope'
import { useScopePermissions } from '../lib/use-permissions'

/**
 * Why each connector action is refused to the user at the page's scope, in words (undefined when
 * allowed): the list, its bulk actions and the Details dialog disable their controls with these.
 */
export type ConnectorPermissions = {
  /** New Connector, Create via YAML, Clone, Import: `core_connector_edit`. */
  create?: string | undefined
  edit?: string | undefined
  delete?: string | undefined
  /** Test and Re-test use the connector: `core_connector_access`. */
  test?: string | undefined
}

const ConnectorPermissionsContext = createContext<ConnectorPermissions>({})

const CONNECTOR_PERMISSIONS = ['core_connector_edit', 'core_connector_delete', 'core_connector_access'] as const

export function useConnectorPermissionsAt(scope: Scope): ConnectorPermissions {
  const permissions = useScopePermissions(scope, CONNECTOR_PERMISSIONS)
  const edit = permissions.denied('core_connector_edit')
  return {
    create: edit,
    edit,
    delete: permissions.denied('core_connector_delete'),
    test: permissions.denied('core_connector_access'),
  }
}

export function ConnectorPermissionsProvider({
  value,
  children,
}: {
  value: ConnectorPermissions
  children: ReactNode
}) {
  return <ConnectorPermissionsContext value={value}>{children}</ConnectorPermissionsContext>
}

export function useConnectorPermissions(): ConnectorPermissions {
  return use(ConnectorPermissionsContext)
}
