import type { Scope } from '../lib/scope'
import type { DeployStage, Pipeline, Stage } from '../pipeline-model/pipeline-model'
import { Button } from '../ui/button'
import { Field } from '../ui/field'
import { ArtifactSourceEditor } from './artifact-source-editor'
import { ManifestEditor } from './manifest-editor'
import type { PipelineProblems } from './pipeline-edits'
import { freshIdentifier, newArtifactSource, newHelmChart, updateDeployStage } from './pipeline-edits'

type Props = {
  stage: Stage
  pipeline: Pipeline
  onChange: (pipeline: Pipeline) => void
  problems: PipelineProblems
  ownerScope: Scope
}

export function StageEditor({ stage, pipeline, onChange, problems, ownerScope }: Props) {
  if (stage.kind !== 'deploy') {
    return (
      <section aria-labelledby="stage-heading">
        <h2 id="stage-heading" className="section-heading">
          {stage.name}
        </h2>
        <p className="muted">
          A {stage.type} stage. This editor changes the artifacts and Helm charts of Deploy stages; this stage is kept
          exactly as it is in the pipeline&apos;s YAML.
        </p>
        {stage.note ? <p className="muted">{stage.note}</p> : null}
      </section>
    )
  }

  const update = (change: (current: DeployStage) => DeployStage) =>
    onChange(updateDeployStage(pipeline, stage.identifier, change))
  const artifactIds = [
    ...(stage.primaryArtifact ? [stage.primaryArtifact.identifier] : []),
    ...stage.sidecars.map((s) => s.identifier),
  ]

  return (
    <section aria-labelledby="stage-heading" className="deploy-stage">
      <h2 id="stage-heading" className="section-heading">
        {stage.name}
      </h2>
      <Field label="Service name" help={`Service ${stage.serviceIdentifier}: what this stage deploys.`}>
        {({ inputId, describedBy }) => (
          <input
            id={inputId}
            className="input"
            value={stage.serviceName}
            aria-describedby={describedBy}
            onChange={(event) => update((current) => ({ ...current, serviceName: event.target.value }))}
          />
        )}
      </Field>

      <section aria-labelledby="artifacts-heading" className="editor-section">
        <h3 id="artifacts-heading">Artifacts</h3>
        {stage.primaryArtifact ? (
          <ArtifactSourceEditor
            title="Primary artifact"
            source={stage.primaryArtifact}
            pathPrefix={`${stage.identifier}.artifact.${stage.primaryArtifact.identifier}`}
            problems={problems}
            ownerScope={ownerScope}
            onChange={(source) => update((current) => ({ ...current, primaryArtifact: source }))}
            onRemove={() => update((current) => ({ ...current, primaryArtifact: null }))}
          />
        ) : (
          <Button onClick={() => update((current) => ({ ...current, primaryArtifact: newArtifactSource('primary') }))}>
            + Add Primary Artifact
          </Button>
        )}
        {stage.sidecars.map((sidecar, index) => (
          <ArtifactSourceEditor
            key={sidecar.identifier}
            title={`Sidecar ${sidecar.identifier}`}
            source={sidecar}
            pathPrefix={`${stage.identifier}.artifact.${sidecar.identifier}`}
            problems={problems}
            ownerScope={ownerScope}
            onChange={(source) =>
              update((current) => ({
                ...current,
                sidecars: current.sidecars.map((s, i) => (i === index ? source : s)),
              }))
            }
            onRemove={() =>
              update((current) => ({ ...current, sidecars: current.sidecars.filter((_, i) => i !== index) }))
            }
          />
        ))}
        <Button
          onClick={() =>
            update((current) => ({
              ...current,
              sidecars: [...current.sidecars, newArtifactSource(freshIdentifier('sidecar', artifactIds))],
            }))
          }
        >
          + Add Sidecar
        </Button>
      </section>

      <section aria-labelledby="manifests-heading" className="editor-section">
        <h3 id="manifests-heading">Manifests</h3>
        {stage.manifests.length === 0 ? <p className="muted">No Helm chart yet.</p> : null}
        {stage.manifests.map((manifest, index) => (
          <ManifestEditor
            key={manifest.identifier}
            manifest={manifest}
            pathPrefix={`${stage.identifier}.manifest.${manifest.identifier}`}
            problems={problems}
            ownerScope={ownerScope}
            onChange={(next) =>
              update((current) => ({
                ...current,
                manifests: current.manifests.map((m, i) => (i === index ? next : m)),
              }))
            }
            onRemove={() =>
              update((current) => ({ ...current, manifests: current.manifests.filter((_, i) => i !== index) }))
            }
          />
        ))}
        <Button
          onClick={() =>
            update((current) => ({
              ...current,
              manifests: [
                ...current.manifests,
                newHelmChart(
                  freshIdentifier(
                    'helm_chart',
                    current.manifests.map((m) => m.identifier),
                  ),
                ),
              ],
            }))
          }
        >
          + Add Helm Chart
        </Button>
      </section>
    </section>
  )
}
