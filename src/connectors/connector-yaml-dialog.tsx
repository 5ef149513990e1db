import { useEffect, useState } from 'react'
import type { ConnectorInfo } from '../connector-types/connector-model'
import { Button } from '../ui/button'
import { Dialog } from '../ui/dialog'

type Props = { connector: ConnectorInfo; onClose: () => void }

/**
 * The connector as Harness YAML, to read, copy into a repository or compare. Secrets appear
 * only as references; the yaml library loads on first use, not with the page.
 */
export function ConnectorYamlDialog({ connector, onClose }: Props) {
  const [yaml, setYaml] = useState<string | null>(null)
  const [copied, setCopied] = useState(false)

  useEffect(() => {
    let live = true
    void import('yaml').then(({ stringify }) => {
      if (live) setYaml(stringify({ connector }))
    })
    return () => {
      live = false
    }
  }, [connector])

  return (
    <Dialog open onRequestClose={onClose} title={`YAML of ${connector.name}`} size="medium">
      {yaml === null ? (
        <p role="status">Loading…</p>
      ) : (
        <pre className="yaml-view" tabIndex={0} aria-label={`YAML of ${connector.name}`}>
          {yaml}
        </pre>
      )}
      <div className="dialog__actions">
        <span role="status" className="muted">
          {copied ? 'Copied to the clipboard.' : ''}
        </span>
        <Button
          disabled={yaml === null}
          onClick={() => {
            if (yaml) void navigator.clipboard?.writeText(yaml).then(() => setCopied(true), () => setCopied(false))
          }}
        >
          Copy YAML
        </Button>
        <Button variant="primary" onClick={onClose}>
          Close
        </Button>
      </div>
    </Dialog>
  )
}
