import { useState } from 'react'
import { Button } from '../ui/button'
import { LazyDialog } from '../ui/lazy-dialogs'
import { Notice } from '../ui/notice'
import { useSimulatedWorld } from './demo-api'

/** Says plainly that tests are simulated, and shows what the simulated world holds. */
export function SimulatedWorldBanner() {
  const [open, setOpen] = useState(false)
  return (
    <>
      <Notice tone="info" className="simulated-banner">
        Connection tests in this demo run against a <strong>simulated world</strong> of registries, not the internet.
        Use username <code>demo</code> with the secret <code>demo_password</code> (in project payments; elsewhere{' '}
        <code>org_demo_password</code> or <code>account_demo_password</code>) against one of its servers to see{' '}
        <em>Connection successful</em>.{' '}
        <Button variant="link" onClick={() => setOpen(true)}>
          Show simulated servers and credentials
        </Button>
      </Notice>
      {open ? <SimulatedWorldDialog onClose={() => setOpen(false)} /> : null}
    </>
  )
}

function SimulatedWorldDialog({ onClose }: { onClose: () => void }) {
  const world = useSimulatedWorld(true)
  return (
    <LazyDialog open onRequestClose={onClose} title="Simulated servers and credentials" size="large">
      {world.isPending ? <p role="status">Loading…</p> : null}
      {world.isError ? <p role="alert">The simulated world could not be loaded: {world.error.message}</p> : null}
      {world.data ? (
        <>
          <h3 className="section-title">Credentials</h3>
          <ul className="plain-list">
            {world.data.credentials.map((credential) => (
              <li key={credential.username + credential.passwordSecret}>
                Username <code>{credential.username}</code>, password secret <code>{credential.passwordSecret}</code>
                {credential.note ? ` — ${credential.note}` : ''}
              </li>
            ))}
            {(world.data.delegateHeld ?? []).map((held) => (
              <li key={held.location}>
                {held.location} — {held.note}
              </li>
            ))}
          </ul>
          <h3 className="section-title">Servers</h3>
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">Simulated servers</caption>
              <thead>
                <tr>
                  <th scope="col">URL as typed</th>
                  <th scope="col">Server</th>
                  <th scope="col">Anonymous</th>
                  <th scope="col">Notes</th>
                </tr>
              </thead>
              <tbody>
                {world.data.servers.map((server) => (
                  <tr key={server.url}>
                    <th scope="row">
                      <code>{server.url}</code>
                    </th>
                    <td>{server.server}</td>
                    <td>{server.anonymous}</td>
                    <td>{server.notes}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </LazyDialog>
  )
}
