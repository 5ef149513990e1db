import { useMemo, useState } from 'react'
import type { FormEvent } from 'react'
import { ApiError } from '../lib/api-client'
import { useScopePermissions } from '../lib/use-permissions'
import type { Pipeline } from '../pipeline-model/pipeline-model'
import { pipelineFromYaml, pipelineToYaml } from '../pipeline-model/pipeline-yaml'
import { useCurrentScope } from '../scopes/scope-context'
import { scopePath } from '../scopes/scope-paths'
import { Button } from '../ui/button'
import { AppLink, useLeaveWarning } from '../ui/navigation'
import { Notice } from '../ui/notice'
import { PermittedButton } from '../ui/permitted-button'
import { usePipeline, useSavePipeline } from './pipeline-api'
import { pipelineProblems } from './pipeline-edits'
import { StageEditor } from './stage-editor'

/** Loads a pipeline's YAML, edits it as a model, and saves it back as YAML. */
export function PipelineEditorPage({ identifier }: { identifier: string }) {
  const scope = useCurrentScope()
  const loaded = usePipeline(scope, identifier)
  const parsed = useMemo(() => {
    if (!loaded.data) return undefined
    try {
      return { pipeline: pipelineFromYaml(loaded.data.yamlPipeline) }
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) }
    }
  }, [loaded.data])

  if (loaded.isPending)
    return (
      <p className="muted" role="status">
        Loading pipeline…
      </p>
    )
  if (loaded.isError) {
    return (
      <Notice tone="danger" role="alert" title="The pipeline could not be loaded">
        {loaded.error.message} <AppLink href={`${scopePath(scope)}/pipelines`}>Back to pipelines</AppLink>
      </Notice>
    )
  }
  if (!parsed?.pipeline) {
    return (
      <Notice tone="danger" role="alert" title="The pipeline's YAML could not be read">
        {parsed?.error}
      </Notice>
    )
  }
  return <PipelineEditor identifier={identifier} initial={parsed.pipeline} />
}

function PipelineEditor({ identifier, initial }: { identifier: string; initial: Pipeline }) {
  const scope = useCurrentScope()
  const [saved, setSaved] = useState(initial)
  const [pipeline, setPipeline] = useState(initial)
  const [showProblems, setShowProblems] = useState(false)
  const [selectedStage, setSelectedStage] = useState(initial.stages[0]?.identifier ?? '')
  const [announcement, setAnnouncement] = useState('')
  const save = useSavePipeline(scope, identifier)
  const permissions = useScopePermissions(scope, ['core_pipeline_edit'])
  const dirty = useMemo(() => JSON.stringify(pipeline) !== JSON.stringify(saved), [pipeline, saved])
  const problems = useMemo(() => pipelineProblems(pipeline), [pipeline])

  useLeaveWarning(dirty ? `${pipeline.name} has unsaved changes. If you leave now, they are lost.` : null)

  async function onSave(event: FormEvent) {
    event.preventDefault()
    if (Object.keys(problems).length) {
      setShowProblems(true)
      setAnnouncement('')
      const first = Object.keys(problems)[0] ?? ''
      setSelectedStage(first.slice(0, first.indexOf('.')))
      window.requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus())
      return
    }
    try {
      await save.mutateAsync(pipelineToYaml(pipeline))
      setSaved(pipeline)
      setShowProblems(false)
      setAnnouncement(`${pipeline.name} saved.`)
    } catch {
      // The error shows above the stages; the edits stay.
    }
  }

  const stage = pipeline.stages.find((candidate) => candidate.identifier === selectedStage)
  const serverErrors = save.error instanceof ApiError ? (save.error.body?.errors ?? []) : []

  return (
    <form
      className="page pipeline-editor"
      onSubmit={(event) => void onSave(event)}
      noValidate
      aria-labelledby="pipeline-heading"
    >
      <div className="page__header">
        <div>
          <p className="muted">
            <AppLink href={`${scopePath(scope)}/pipelines`}>Pipelines</AppLink> /
          </p>
          <h1 id="pipeline-heading" tabIndex={-1}>
            {pipeline.name}
          </h1>
        </div>
        <div className="pipeline-editor__actions">
          {dirty ? (
            <span className="badge badge--running" role="status">
              Unsaved changes
            </span>
          ) : (
            <span className="muted" role="status">
              {announcement || 'All changes saved'}
            </span>
          )}
          <Button onClick={() => setPipeline(saved)} disabled={!dirty || save.isPending}>
            Discard changes
          </Button>
          <PermittedButton
            type="submit"
            variant="primary"
            busy={save.isPending}
            disabled={!dirty}
            denied={permissions.denied('core_pipeline_edit')}
          >
            Save
          </PermittedButton>
        </div>
      </div>

      {showProblems && Object.keys(problems).length ? (
        <Notice tone="danger" role="alert" title="The pipeline cannot be saved yet">
          {Object.keys(problems).length === 1 ? 'One field needs' : `${Object.keys(problems).length} fields need`}{' '}
          attention; each says what is missing.
        </Notice>
      ) : null}
      {save.error ? (
        <Notice tone="danger" role="alert" title="The pipeline could not be saved">
          <p>{save.error.message}</p>
          {serverErrors.length ? (
            <ul>
              {serverErrors.map((entry) => (
                <li key={entry.fieldId + entry.error}>{entry.error}</li>
              ))}
            </ul>
          ) : null}
          <p>Your edits are still here; fix them and save again.</p>
        </Notice>
      ) : null}

      <div className="pipeline-editor__body">
        <nav aria-label="Stages" className="stage-rail">
          <ol>
            {pipeline.stages.map((candidate) => (
              <li key={candidate.identifier}>
                <button
                  type="button"
                  className="stage-rail__button"
                  aria-current={candidate.identifier === selectedStage ? 'true' : undefined}
                  onClick={() => setSelectedStage(candidate.identifier)}
                >
                  <span className="stage-rail__name">{candidate.name}</span>
                  <span className="stage-rail__type">{candidate.kind === 'deploy' ? 'Deploy' : candidate.type}</span>
                </button>
              </li>
            ))}
          </ol>
        </nav>
        <div className="pipeline-editor__stage">
          {stage ? (
            <StageEditor
              stage={stage}
              pipeline={pipeline}
              onChange={setPipeline}
              problems={showProblems ? problems : {}}
              ownerScope={scope}
            />
          ) : (
            <p className="muted">This pipeline has no stages.</p>
          )}
        </div>
      </div>
    </form>
  )
}
