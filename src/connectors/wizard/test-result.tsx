import type { ConnectorValidationResult } from '../../lib/api-types'
import { Notice } from '../../ui/notice'
import { formatAbsolute } from '../../ui/relative-time'
import { StageLogStages } from '../connection-test/stage-log'

type Props = { result: ConnectorValidationResult; docsUrl: string }

export function TestResult({ result, docsUrl }: Props) {
  const delegate = result.delegateName ? `Executed on ${result.delegateName}` : undefined
  if (result.status === 'SUCCESS') {
    return (
      <Notice tone="success" role="status" title="Connection successful" className="test-result">
        <p>
          {delegate ? `${delegate} · ` : ''}
          tested {formatAbsolute(result.testedAt)}
        </p>
        <StageLog result={result} />
      </Notice>
    )
  }
  const reason = result.errors?.[0]
  return (
    <Notice tone="danger" role="alert" title="Connection failed" className="test-result">
      {result.errorSummary ? <p className="test-result__summary">{result.errorSummary}</p> : null}
      {reason ? (
        <p>
          <strong>Reason:</strong> {reason.reason}: {reason.message}
        </p>
      ) : null}
      {result.explanations?.length ? (
        <>
          <h3 className="test-result__heading">Issue could be</h3>
          <ul>
            {result.explanations.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </>
      ) : null}
      {result.hints?.length ? (
        <>
          <h3 className="test-result__heading">Try these suggestions</h3>
          <ul>
            {result.hints.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="muted">
        {delegate ? `${delegate} · ` : ''}
        tested {formatAbsolute(result.testedAt)}
        {showsPermissions(result) ? (
          <>
            {' · '}
            <a href={docsUrl} target="_blank" rel="noreferrer">
              View permissions required
            </a>
          </>
        ) : null}
      </p>
      <StageLog result={result} />
    </Notice>
  )
}

/**
 * The type's settings reference says which permissions a connector's user needs: it helps when
 * the server refused the credentials (401, 403), and only then: a lost delegate, a certificate or
 * a wrong URL is not fixed by permissions.
 */
function showsPermissions(result: ConnectorValidationResult): boolean {
  return result.failureKind === 'BAD_CREDENTIALS' || result.failureKind === 'CREDENTIALS_REQUIRED'
}

function StageLog({ result }: { result: ConnectorValidationResult }) {
  if (!result.stages.length) return null
  return (
    <details className="stage-log">
      <summary>Details: stage log</summary>
      <StageLogStages stages={result.stages} />
    </details>
  )
}
