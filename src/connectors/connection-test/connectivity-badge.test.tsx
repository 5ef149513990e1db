import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { ConnectorConnectivityDetails } from '../../lib/api-types'
import { ConnectivityBadge } from './connectivity-badge'

const JAVA_TEXT =
  'PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target'

const FAILED: ConnectorConnectivityDetails = {
  status: 'FAILURE',
  testedAt: Date.now(),
  errorSummary: `Certificate Validation Failed (${JAVA_TEXT})`,
  errors: [{ reason: 'Certificate Validation Failed', message: JAVA_TEXT, code: 450 }],
}

describe('the connectivity of a failed connector', () => {
  it('shows the kind of failure in a list row, not the whole exception', () => {
    render(<ConnectivityBadge status={FAILED} testing={false} />)
    expect(screen.getByText('Certificate Validation Failed')).toBeInTheDocument()
    expect(document.body).not.toHaveTextContent('SunCertPathBuilderException')
  })

  it('shows the reason and its whole detail in Details, once', () => {
    render(<ConnectivityBadge status={FAILED} testing={false} detail="full" />)
    expect(document.body).toHaveTextContent(`Certificate Validation Failed: ${JAVA_TEXT}`)
    expect(document.body.textContent?.split(JAVA_TEXT)).toHaveLength(2)
    expect(document.body.textContent?.split('Certificate Validation Failed')).toHaveLength(2)
  })

  it('shows the summary in Details when the result names no error', () => {
    const { errors: _, ...summaryOnly } = FAILED
    render(<ConnectivityBadge status={summaryOnly} testing={false} detail="full" />)
    expect(document.body).toHaveTextContent(`Certificate Validation Failed (${JAVA_TEXT})`)
  })
})

describe('a result that no test produced (the demo’s sample data)', () => {
  const tested = Date.now() - 4 * 60_000
  it('says it is sample data, in words a screen reader reads too', () => {
    render(
      <ConnectivityBadge
        status={{ status: 'SUCCESS', testedAt: tested, lastTestedAt: tested, sample: true }}
        testing={false}
      />,
    )
    expect(screen.getByText('Success')).toBeInTheDocument()
    expect(screen.getByText(/Sample data/)).toHaveTextContent(
      'Sample data: no test ran; test the connector for a real result',
    )
  })

  it('marks nothing a test produced', () => {
    render(<ConnectivityBadge status={{ status: 'SUCCESS', testedAt: tested }} testing={false} />)
    expect(screen.queryByText(/Sample data/)).not.toBeInTheDocument()
  })
})
