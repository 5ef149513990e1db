import { useEffect } from 'react'
import type { ConnectorTypeDefinition } from '../../connector-types/connector-type'
import { HOST } from '../../lib/host'
import type { Scope } from '../../lib/scope'
import { Button } from '../../ui/button'
import { Notice } from '../../ui/notice'
import { UrlText } from '../../ui/url-text'
import { useConnectionTestRun } from '../connection-test/connection-test-run'
import { StepHeading } from './step-heading'
import { TestProgress } from './test-progress'
import { TestResult } from './test-result'

type Props = {
  definition: ConnectorTypeDefinition
  scope: Scope
  identifier: string
  displayUrl: string
  onEditCredentials: () => void
  onFinish: () => void
}

/** Tests the saved connector as soon as the step opens; the connector stays saved whatever the result. */
export function TestConnectionStep({ definition, scope, identifier, displayUrl, onEditCredentials, onFinish }: Props) {
  const test = useConnectionTestRun(scope, identifier)
  const { start, cancel } = test

  useEffect(() => {
    start()
    return cancel
  }, [start, cancel])

  return (
    <div className="wizard__step">
      <StepHeading>Test Connection</StepHeading>
      <p className="test-step__url">
        {definition.url.label}: <UrlText url={displayUrl} />
      </p>
      <TestProgress progress={test.progress} running={test.running} />

      {test.result ? <TestResult result={test.result} docsUrl={definition.docsUrl} /> : null}
      {test.cancelled ? (
        <Notice tone="info" role="status" title="Test cancelled">
          The connector is saved; its connectivity was not tested. Retry when you are ready.
        </Notice>
      ) : null}
      {test.error ? (
        <Notice tone="danger" role="alert" title="The test could not run">
          {test.error.message}
        </Notice>
      ) : null}

      <div className="wizard__footer">
        {/* One button that changes its name, so focus is not lost when a test starts or ends. */}
        <Button onClick={test.running ? cancel : start}>{test.running ? 'Cancel test' : 'Retry'}</Button>
        <Button onClick={onEditCredentials} disabled={test.running}>
          Edit Credentials
        </Button>
        <span className="wizard__footer-spacer" />
        <Button variant={test.result?.status === 'SUCCESS' ? 'primary' : 'secondary'} onClick={onFinish}>
          Finish
        </Button>
      </div>
      {HOST.simulatedWorld ? (
        <p className="simulated-footnote">
          This test runs against the app&apos;s simulated world, not the real internet.
        </p>
      ) : (
        <p className="simulated-footnote">
          The test runs on a delegate connected to this server (the built-in one, local, or one started with npm run
          delegate) and reaches the registry from where that delegate runs.
        </p>
      )}
    </div>
  )
}
