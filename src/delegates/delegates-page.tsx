import { HOST } from '../lib/host'
import { useCurrentScope } from '../scopes/scope-context'
import { Notice } from '../ui/notice'
import { useDelegates } from './delegate-api'
import { DelegateGroupsTable } from './delegate-groups-table'
import { useDelegateRemoval } from './delegate-remove'
import { DelegateTokens } from './delegate-tokens'
import './delegates-page.css'

/** The delegates that run connection tests, and (on the real server) the tokens they connect with. */
export function DelegatesPage() {
  const scope = useCurrentScope()
  // The delegates that can take this scope's tests: the built-in one, and those whose token
  // belongs here or above (a viewer of one project is told nothing of another project's).
  const delegates = useDelegates(scope)
  // Only the real server has delegate processes and tokens; the demo's answer from the simulator.
  const realDelegates = HOST.servedByServer && !HOST.simulatedWorld
  const groups = delegates.data ?? []
  const connected = groups.filter((group) => group.activelyConnected).length
  const removal = useDelegateRemoval(scope)

  return (
    <section className="page delegates-page" aria-labelledby="delegates-heading">
      <div className="page__header">
        <h1 id="delegates-heading" tabIndex={-1}>
          Delegates
        </h1>
      </div>
      <p className="muted">
        A delegate runs connection tests from where it is: it takes the tests whose delegate selectors its name and tags
        satisfy. One counts as disconnected after three missed heartbeats (30 seconds). This list refreshes every 5
        seconds.
      </p>
      {realDelegates ? null : (
        <Notice tone="info" className="delegates-page__note">
          The delegates here are <strong>simulated</strong> (delegate-east, delegate-west and delegate-legacy): they
          answer connection tests from the simulated world. <code>npm start</code> runs the server with real delegates,
          its own <code>local</code> one and any you start with a token; there a disconnected delegate can be removed.
        </Notice>
      )}

      {delegates.isPending ? (
        <p className="muted" role="status">
          Loading delegates…
        </p>
      ) : null}
      {delegates.isError ? (
        <Notice tone="danger" role="alert" title="The delegates could not be loaded">
          {delegates.error.message} It will be tried again in 5 seconds.
        </Notice>
      ) : null}
      {delegates.data ? (
        <p role="status" className="delegates-page__count">
          {groups.length === 1 ? '1 delegate' : `${groups.length} delegates`}, {connected} connected
        </p>
      ) : null}
      {delegates.data && groups.length === 0 ? <div className="empty-state">No delegate has connected yet.</div> : null}
      {realDelegates ? removal.feedback : null}
      {groups.length ? (
        <DelegateGroupsTable groups={groups} {...(realDelegates ? { actions: removal.button } : {})} />
      ) : null}

      {realDelegates ? <DelegateTokens /> : null}
    </section>
  )
}
