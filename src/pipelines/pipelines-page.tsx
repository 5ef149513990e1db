import { useCurrentScope } from '../scopes/scope-context'
import { scopePath } from '../scopes/scope-paths'
import { LoadFailedNotice } from '../ui/load-failed-notice'
import { AppLink } from '../ui/navigation'
import { RelativeTime } from '../ui/relative-time'
import { SampleDataMark } from '../ui/sample-data-mark'
import { usePipelineList } from './pipeline-api'

export function PipelinesPage() {
  const scope = useCurrentScope()
  const pipelines = usePipelineList(scope)
  const rows = pipelines.data?.content ?? []
  return (
    <section className="page" aria-labelledby="pipelines-heading">
      <div className="page__header">
        <h1 id="pipelines-heading" tabIndex={-1}>
          Pipelines
        </h1>
      </div>
      {pipelines.isPending ? (
        <p className="muted" role="status">
          Loading pipelines…
        </p>
      ) : null}
      {pipelines.isError ? (
        <LoadFailedNotice title="The pipelines could not be loaded" error={pipelines.error} />
      ) : null}
      {pipelines.data && rows.length === 0 ? (
        <div className="empty-state">There are no pipelines in this project.</div>
      ) : null}
      {/* A narrow screen scrolls the table, not the page. */}
      {rows.length ? (
        <div className="table-scroll" role="region" aria-label="Pipelines table" tabIndex={0}>
          <table className="table">
            <caption className="visually-hidden">Pipelines</caption>
            <thead>
              <tr>
                <th scope="col">Pipeline</th>
                <th scope="col">Stages</th>
                <th scope="col">Connectors used</th>
                <th scope="col">Last updated</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((pipeline) => (
                <tr key={pipeline.identifier}>
                  <th scope="row">
                    <AppLink href={`${scopePath(scope)}/pipelines/${encodeURIComponent(pipeline.identifier)}`}>
                      {pipeline.name}
                    </AppLink>
                    <span className="connector-cell__meta">
                      {' '}
                      · ID: <code>{pipeline.identifier}</code>
                    </span>
                    {pipeline.description ? <p className="muted">{pipeline.description}</p> : null}
                  </th>
                  <td>{pipeline.stageCount}</td>
                  <td>
                    {pipeline.connectorRefs.length ? (
                      pipeline.connectorRefs.map((ref) => (
                        <code key={ref} className="ref-chip">
                          {ref}
                        </code>
                      ))
                    ) : (
                      <span className="muted">none</span>
                    )}
                  </td>
                  <td>
                    <RelativeTime timestamp={pipeline.lastUpdatedAt} />
                    {pipeline.sample ? (
                      <SampleDataMark what="this time is made up; saving the pipeline makes it real" />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  )
}
