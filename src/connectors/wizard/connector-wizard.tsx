import { zodResolver } from '@hookform/resolvers/zod'
import { useMemo, useRef, useState } from 'react'
import type { FormEvent } from 'react'
import type { Resolver } from 'react-hook-form'
import { FormProvider, useForm } from 'react-hook-form'
import { buildConnectorFormSchema } from '../../connector-types/connector-form-schema'
import type { ConnectorFormValues } from '../../connector-types/connector-model'
import {
  displayUrl,
  emptyConnectorForm,
  fromConnectorInfo,
  toConnectorInfo,
} from '../../connector-types/connector-model'
import { getConnectorType } from '../../connector-types/registry'
import type { ConnectorInfo } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import { SCOPE_LEVEL_LABELS, scopeLevel } from '../../lib/scope'
import { ConfirmDialog } from '../../ui/confirm-dialog'
import { Dialog } from '../../ui/dialog'
import { useLeaveWarning } from '../../ui/navigation'
import { Notice } from '../../ui/notice'
import { StepList } from '../../ui/step-list'
import { TypeIcon } from '../../ui/type-icon'
import { SaveConflictDialog } from '../conflicts/save-conflict-dialog'
import { DelegatesStep } from './delegates-step'
import { DetailsStep } from './details-step'
import { OverviewStep } from './overview-step'
import { TestConnectionStep } from './test-connection-step'
import { useStepValidation } from './use-step-validation'
import { useWizardSave } from './use-wizard-save'
import { WizardFooter } from './wizard-footer'
import type { WizardStepId } from './wizard-steps'
import { nextStep, previousStep, WIZARD_STEPS } from './wizard-steps'

export type ConnectorWizardProps = {
  type: string
  scope: Scope
  /** An existing connector to edit; without it the wizard creates one. */
  connector?: ConnectorInfo
  /** The version of `connector` that was read: saving from an older one is refused, not applied. */
  version?: number
  /** A connector to start a new one from (Clone): prefilled, saved as a new connector. */
  initial?: ConnectorInfo
  /** Extra fields set by whoever opened the wizard (Nexus Version from a Nexus 3 source). */
  presetExtras?: Record<string, string>
  lockedExtras?: readonly string[]
  /** `identifier` is set when a connector was saved, whether or not its test passed. */
  onClose: (saved?: { identifier: string }) => void
}

export function ConnectorWizard({
  type,
  scope,
  connector,
  version,
  initial,
  presetExtras,
  lockedExtras = [],
  onClose,
}: ConnectorWizardProps) {
  const definition = getConnectorType(type)
  const schema = useMemo(() => buildConnectorFormSchema(definition), [definition])
  const defaultValues = useMemo(() => {
    const from = connector ?? initial
    const base = from ? fromConnectorInfo(from) : emptyConnectorForm(definition)
    return { ...base, extras: { ...base.extras, ...presetExtras } }
  }, [connector, initial, definition, presetExtras])
  const form = useForm<ConnectorFormValues>({
    defaultValues,
    resolver: zodResolver(schema) as unknown as Resolver<ConnectorFormValues>,
    mode: 'onTouched',
  })
  const [step, setStep] = useState<WizardStepId>('overview')
  const [reachable, setReachable] = useState<ReadonlySet<string>>(
    () => new Set(connector || initial ? WIZARD_STEPS.slice(0, 3).map((s) => s.id) : ['overview']),
  )
  const savedOnce = useRef(false)
  const [savedIdentifier, setSavedIdentifier] = useState<string | null>(connector?.identifier ?? null)
  const [identifierEdited, setIdentifierEdited] = useState(Boolean(connector))
  const [confirmingClose, setConfirmingClose] = useState(false)
  const [navigated, setNavigated] = useState(false)
  const wizardSave = useWizardSave({
    type,
    scope,
    form,
    connector,
    version,
    onSaved: (saved) => {
      savedOnce.current = true
      setSavedIdentifier(saved.connector.identifier)
      goTo('test')
    },
  })
  const { saving, taken } = wizardSave
  const { save } = saving
  const validation = useStepValidation(form, scope, savedIdentifier)

  const scopeLabel = SCOPE_LEVEL_LABELS[scopeLevel(scope)]
  // Read during render: react-hook-form only tracks the form-state keys a render reads.
  const { isDirty } = form.formState
  // A reload or the browser's Back asks first, as the pipeline editor does.
  useLeaveWarning(
    isDirty
      ? `The ${definition.label} connector you are editing has input that is not saved. If you leave now, it is lost.`
      : null,
  )

  function goTo(target: WizardStepId) {
    save.reset()
    setNavigated(true)
    setReachable((current) => new Set([...current, target]))
    setStep(target)
  }

  async function onContinue(event?: FormEvent) {
    event?.preventDefault()
    // The wizard may sit in a portal inside another form (a pipeline editor): keep its submit here.
    event?.stopPropagation()
    if (step === 'test') return
    if (!(await validation.validate(step))) return
    if (step !== 'delegates') {
      goTo(nextStep(step))
      return
    }
    // The step list lets a user jump past a step; nothing is saved until every step is valid.
    for (const earlier of ['overview', 'details'] as const) {
      if (!(await validation.validate(earlier, { checkUnique: false }))) {
        goTo(earlier)
        return
      }
    }
    // A stale update opens the comparison instead; the form keeps every value.
    await wizardSave.save(Boolean(savedIdentifier))
  }

  function requestClose() {
    // Always a way out, even while a save is on its way (it has a timeout, but the user decides).
    if (isDirty || save.isPending) setConfirmingClose(true)
    else finish()
  }

  function finish() {
    // Only a wizard that saved says so: closing an edit unchanged announces nothing.
    onClose(savedIdentifier && savedOnce.current ? { identifier: savedIdentifier } : undefined)
  }

  const values = form.getValues()
  const title = connector ? `Edit ${definition.label} connector` : `New ${definition.label} connector`

  return (
    <Dialog
      open
      onRequestClose={requestClose}
      size="large"
      className="wizard-dialog"
      initialFocus='input[name="name"]'
      title={
        <span className="wizard__title">
          <TypeIcon monogram={definition.icon.monogram} background={definition.icon.background} />
          {title}
        </span>
      }
    >
      <FormProvider {...form}>
        <div className="wizard">
          <StepList
            label="Connector setup steps"
            steps={WIZARD_STEPS}
            currentId={step}
            reachable={step === 'test' ? reachable : new Set([...reachable].filter((id) => id !== 'test'))}
            onSelect={(id) => goTo(id as WizardStepId)}
          />
          <form className="wizard__content" onSubmit={(event) => void onContinue(event)} noValidate aria-label={title}>
            {step === 'overview' ? (
              <OverviewStep
                focusHeading={navigated}
                identifierLocked={Boolean(savedIdentifier)}
                identifierEdited={identifierEdited}
                onIdentifierEdited={() => setIdentifierEdited(true)}
                scopeLabel={scopeLabel}
              />
            ) : null}
            {step === 'details' ? (
              <DetailsStep definition={definition} scope={scope} lockedExtras={lockedExtras} />
            ) : null}
            {step === 'delegates' ? <DelegatesStep scope={scope} /> : null}
            {step === 'test' && savedIdentifier ? (
              <TestConnectionStep
                definition={definition}
                scope={scope}
                identifier={savedIdentifier}
                displayUrl={displayUrl(toConnectorInfo(type, values, scope))}
                onEditCredentials={() => goTo('details')}
                onFinish={finish}
              />
            ) : null}
            {step !== 'test' && taken ? (
              <Notice tone="info" role="status">
                {taken}
              </Notice>
            ) : null}
            {step !== 'test' ? (
              <WizardFooter
                step={step}
                busy={validation.checking || saving.busy}
                stepError={validation.error}
                saveError={save.error}
                isUpdate={Boolean(savedIdentifier)}
                onBack={() => goTo(previousStep(step))}
                onRetry={() => void onContinue()}
                onGoToOverview={() => goTo('overview')}
                onCompare={saving.conflict ? saving.compareAgain : undefined}
              />
            ) : null}
          </form>
        </div>
      </FormProvider>
      {saving.comparing && saving.conflict ? (
        <SaveConflictDialog
          conflict={saving.conflict}
          base={wizardSave.base}
          busy={saving.busy}
          error={saving.keepMineError}
          onKeepMine={() => void wizardSave.keepMine()}
          onTakeTheirs={wizardSave.takeTheirs}
          onClose={saving.closeComparison}
        />
      ) : null}
      <ConfirmDialog
        open={confirmingClose}
        title="Discard unsaved changes?"
        message={
          save.isPending
            ? 'The connector is still being saved. If you close now, the save may or may not complete: check the list afterwards.'
            : savedIdentifier
              ? 'The connector is saved, but your latest changes are not.'
              : 'Nothing has been saved yet: the connector will not be created.'
        }
        confirmLabel="Discard changes"
        cancelLabel="Keep editing"
        tone="danger"
        onCancel={() => setConfirmingClose(false)}
        onConfirm={() => {
          setConfirmingClose(false)
          finish()
        }}
      />
    </Dialog>
  )
}
