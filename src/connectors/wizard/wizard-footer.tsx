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
  /** Opens the comparison again, when a save was refused as stale and the current version was read. */
  onCompare?: (() => void) | undefined
}

export function WizardFooter({
  step,
  busy,
  stepError,
  saveError,
  isUpdate,
  onBack,
  onRetry,
  onGoToOverview,
  onCompare,
}: Props) {
  const duplicate = saveError instanceof ApiError && saveError.body?.code === 'DUPLICATE_FIELD'
  const stale = saveError instanceof ApiError && saveError.status === 409
  const next = duplicate
    ? 'Change the identifier on Overview, then save again.'
    : stale
      ? onCompare
        ? 'Someone saved this connector after you opened it: compare the two versions, then keep yours or take theirs.'
        : 'Someone saved this connector after you opened it: save again to see their version next to yours.'
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
          {stale && onCompare ? (
            <Button variant="link" onClick={onCompare}>
              Compare versions
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
