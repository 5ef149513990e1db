import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { z } from 'zod/mini'
import { apiRequest } from '../lib/api-client'
import type { DelegateGroup } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { useScopePermissions } from '../lib/use-permissions'
import { ConfirmDialog } from '../ui/confirm-dialog'
import { Notice } from '../ui/notice'
import { PermittedButton } from '../ui/permitted-button'

/**
 * Remove, for a disconnected delegate only (issue 21): asked first, needs core_delegate_edit at
 * the scope. The server refuses a delegate that connected meanwhile, and says so.
 */
export function useDelegateRemoval(scope: Scope) {
  const queryClient = useQueryClient()
  const permissions = useScopePermissions(scope, ['core_delegate_edit'])
  const [confirming, setConfirming] = useState<string | null>(null)
  const [error, setError] = useState('')
  const remove = useMutation({
    mutationFn: (name: string) =>
      apiRequest(z.unknown(), 'DELETE', `/ng/api/delegates/${encodeURIComponent(name)}`, { scope }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['delegates'] }),
  })
  const denied = permissions.denied('core_delegate_edit')

  function button(group: DelegateGroup) {
    if (group.activelyConnected) return null
    return (
      <PermittedButton
        size="small"
        variant="danger"
        denied={denied}
        aria-label={`Remove delegate ${group.groupName}`}
        onClick={() => {
          setError('')
          setConfirming(group.groupName)
        }}
      >
        Remove
      </PermittedButton>
    )
  }

  const feedback = (
    <>
      {error ? (
        <Notice tone="danger" role="alert" title="The delegate could not be removed">
          {error}
        </Notice>
      ) : null}
      <ConfirmDialog
        open={confirming !== null}
        title={`Remove delegate ${confirming ?? ''}?`}
        message="It leaves this list. If it is started again with a live token, it registers again and comes back as a new delegate."
        confirmLabel="Remove delegate"
        tone="danger"
        busy={remove.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          if (confirming === null) return
          remove.mutate(confirming, {
            onError: (failure) => setError(failure.message),
            onSettled: () => setConfirming(null),
          })
        }}
      />
    </>
  )
  return { button, feedback }
}
