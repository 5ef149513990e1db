import { useState } from 'react'
import { Button } from '../ui/button'
import { LazyConfirmDialog } from '../ui/lazy-dialogs'
import { useResetDemoData } from './demo-api'

export function ResetDemoData() {
  const [confirming, setConfirming] = useState(false)
  const reset = useResetDemoData()
  return (
    <>
      <Button variant="ghost" size="small" onClick={() => setConfirming(true)}>
        Reset demo data
      </Button>
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
