import { useState } from 'react'
import { useScopePermissions } from '../lib/use-permissions'
import { useCurrentScope } from '../scopes/scope-context'
import { LazyConfirmDialog } from '../ui/lazy-dialogs'
import { PermittedButton } from '../ui/permitted-button'
import { useResetDemoData } from './demo-api'

export function ResetDemoData() {
  const [confirming, setConfirming] = useState(false)
  const reset = useResetDemoData()
  // Reset throws away everyone's work: the account's administrators may.
  const { accountIdentifier } = useCurrentScope()
  const permissions = useScopePermissions({ accountIdentifier }, ['core_connector_delete'])
  return (
    <>
      <PermittedButton
        variant="ghost"
        size="small"
        denied={permissions.denied('core_connector_delete')}
        onClick={() => setConfirming(true)}
      >
        Reset demo data
      </PermittedButton>
      {reset.isError ? (
        <span role="alert" className="field__error">
          Reset failed: {reset.error.message}
        </span>
      ) : null}
      <LazyConfirmDialog
        open={confirming}
        title="Reset demo data?"
        message="Every connector and secret you created is removed and the seeded demo data comes back."
        confirmLabel="Reset demo data"
        tone="danger"
        busy={reset.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => reset.mutate(undefined, { onSuccess: () => setConfirming(false) })}
      />
    </>
  )
}
