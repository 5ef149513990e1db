import { ApiError } from '../../lib/api-client'
import { Button } from '../../ui/button'
import { Notice } from '../../ui/notice'
import type { WizardStepId } from './wizard-steps'

type Props = {
  step: Exclude<WizardStepId, 'test'>
  busy: boolean
  stepError: string | null
  saveError: Error | null
  isUpdate: boolean
  onBack: () => void
  onRetry: () => void
  onGoToOverview: () => void
}

export function WizardFooter({ step, busy, stepError, saveError, isUpdate, onBack, onRetry, onGoToOverview }: Props) {
  const duplicate = saveError instanceof ApiError && saveError.body?.code === 'DUPLICATE_FIELD'
  const next = duplicate
    ? 'Change the identifier on Overview, then save again.'
    : saveError instanceof ApiError && saveError.status === 409
      ? 'Someone saved this connector after you opened it: close the wizard and open the connector again to see their version. Saving again is refused until then.'
      : saveError instanceof ApiError && saveError.status === 404 && isUpdate
        ? 'The connector was deleted elsewhere after you opened it, so it was not saved.'
        : 'Save again to retry.'
  return (
    <>
      {stepError ? (
        <Notice tone="danger" role="alert">
          {stepError}{' '}
          <Button variant="link" onClick={onRetry}>
            Try again
          </Button>
        </Notice>
      ) : null}
      {saveError ? (
        <Notice
          tone="danger"
          role="alert"
          title={isUpdate ? 'The connector could not be updated' : 'The connector could not be created'}
        >
          <p>{saveError.message}</p>
          {saveError instanceof ApiError && saveError.body?.errors?.length ? (
            <ul>
              {saveError.body.errors.map((entry) => (
                <li key={entry.fieldId + entry.error}>{entry.error}</li>
              ))}
            </ul>
          ) : null}
          <p>Nothing you typed is lost. {next}</p>
          {duplicate ? (
            <Button variant="link" onClick={onGoToOverview}>
              Go to Overview
            </Button>
          ) : null}
        </Notice>
      ) : null}
      <div className="wizard__footer">
        {step !== 'overview' ? <Button onClick={onBack}>Back</Button> : null}
        <span className="wizard__footer-spacer" />
        <Button type="submit" variant="primary" busy={busy}>
          {step === 'delegates' ? 'Save and Continue' : 'Continue'}
        </Button>
      </div>
    </>
  )
}
