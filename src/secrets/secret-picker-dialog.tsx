import * as Tabs from '@radix-ui/react-tabs'
import { useEffect, useRef, useState } from 'react'
import { formatReference, resolveReferenceScope } from '../lib/references'
import type { Scope } from '../lib/scope'
import { SCOPE_LEVEL_LABELS, sameScope, scopeLevel, visibleScopes } from '../lib/scope'
import { useScopePermissions } from '../lib/use-permissions'
import { Button } from '../ui/button'
import { Dialog } from '../ui/dialog'
import { PermittedButton } from '../ui/permitted-button'
import { CreateSecretForm } from './create-secret-form'
import { SecretList } from './secret-list'

type Props = {
  open: boolean
  /** The scope of the entity that will use the secret; decides which scopes are offered. */
  ownerScope: Scope
  selectedReference: string
  onSelect: (reference: string) => void
  onClose: () => void
}

/** "Create or Select a Secret": the secrets the owner may use, a tab per scope, and a way to add one. */
export function SecretPickerDialog({ open, ownerScope, selectedReference, onSelect, onClose }: Props) {
  const scopes = visibleScopes(ownerScope)
  const permissions = useScopePermissions(ownerScope, ['core_secret_edit'])
  const initial = selectedReference ? resolveReferenceScope(selectedReference, ownerScope) : undefined
  const initialTab = scopeLevel(initial?.scope ?? ownerScope)
  const [tab, setTab] = useState<string>(initialTab)
  const [choice, setChoice] = useState<string>(selectedReference)
  const [creating, setCreating] = useState(false)
  const newSecretButton = useRef<HTMLButtonElement>(null)
  const cameBack = useRef(false)
  // Back from the new-secret form: focus returns to the button that opened it.
  useEffect(() => {
    if (!creating && cameBack.current) newSecretButton.current?.focus()
  }, [creating])
  const tabScope = scopes.find((scope) => scopeLevel(scope) === tab) ?? ownerScope

  function apply(reference: string) {
    onSelect(reference)
    onClose()
  }

  return (
    <Dialog open={open} onRequestClose={onClose} title="Create or Select a Secret" size="medium">
      {creating ? (
        <CreateSecretForm
          scope={tabScope}
          scopeLabel={SCOPE_LEVEL_LABELS[scopeLevel(tabScope)]}
          onCancel={() => {
            cameBack.current = true
            setCreating(false)
          }}
          onCreated={(created) => apply(formatReference(created.secret.identifier, tabScope, ownerScope))}
        />
      ) : (
        <>
          <Tabs.Root value={tab} onValueChange={setTab} className="tabs">
            <Tabs.List className="tabs__list" aria-label="Secret scope">
              {scopes.map((scope) => (
                <Tabs.Trigger key={scopeLevel(scope)} value={scopeLevel(scope)} className="tabs__trigger">
                  {SCOPE_LEVEL_LABELS[scopeLevel(scope)]}
                </Tabs.Trigger>
              ))}
            </Tabs.List>
            {scopes.map((scope) => (
              <Tabs.Content key={scopeLevel(scope)} value={scopeLevel(scope)} className="tabs__panel">
                <SecretList
                  scope={scope}
                  ownerScope={ownerScope}
                  selected={choice && sameScope(resolveReferenceScope(choice, ownerScope).scope, scope) ? choice : ''}
                  onChoose={setChoice}
                  onApply={apply}
                />
              </Tabs.Content>
            ))}
          </Tabs.Root>
          <div className="dialog__actions dialog__actions--spread">
            <PermittedButton
              ref={newSecretButton}
              variant="link"
              denied={permissions.denied('core_secret_edit')}
              onClick={() => setCreating(true)}
            >
              + New Secret Text
            </PermittedButton>
            <span className="dialog__actions">
              <Button onClick={onClose}>Cancel</Button>
              <Button variant="primary" disabled={!choice} onClick={() => apply(choice)}>
                Apply Selected
              </Button>
            </span>
          </div>
        </>
      )}
    </Dialog>
  )
}
