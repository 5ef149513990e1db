import { Button } from '../../ui/button'
import { Notice } from '../../ui/notice'
import type { MissingSecret } from './import-secret-check'

type Props = {
  /** Connectors that would be written but for their missing secrets. */
  blocked: number
  /** Connectors that will be written as things are. */
  toWrite: number
  missing: readonly MissingSecret[]
  where: string
  summary: string
  /** Why the last check failed, if it did. */
  problem: string
  onBack: () => void
  onImport: () => void
  onCreateSecrets: () => void
}

const connectors = (count: number) => `${count} connector${count === 1 ? '' : 's'}`

/**
 * What the preview offers: Import when every connector can be written; when some need secrets
 * the target lacks, Create the missing secrets (then import), or import the others without them.
 */
export function ImportPreviewActions({
  blocked,
  toWrite,
  missing,
  where,
  summary,
  problem,
  onBack,
  onImport,
  onCreateSecrets,
}: Props) {
  return (
    <>
      <p className="import-dialog__summary">{summary}</p>
      {problem ? (
        <Notice tone="danger" role="alert">
          {problem}
        </Notice>
      ) : null}
      {blocked ? (
        <Notice tone="warning">
          {`${connectors(blocked)} ${blocked === 1 ? 'needs' : 'need'} secrets that ${where} does not have: ${missing
            .map((secret) => secret.reference)
            .join(', ')}. ${blocked === 1 ? 'It is' : 'They are'} not written until the secrets exist.`}
        </Notice>
      ) : null}
      <div className="dialog__actions">
        <Button onClick={onBack}>Back</Button>
        {blocked ? (
          <>
            <Button disabled={toWrite === 0} onClick={onImport}>
              {`Import the other ${connectors(toWrite)}`}
            </Button>
            <Button variant="primary" onClick={onCreateSecrets}>
              Create the missing secrets
            </Button>
          </>
        ) : (
          <Button variant="primary" disabled={toWrite === 0} onClick={onImport}>
            {`Import ${connectors(toWrite)}`}
          </Button>
        )}
      </div>
    </>
  )
}
