import { ConnectorField } from '../connectors/connector-field'
import type { Scope } from '../lib/scope'
import { ARTIFACT_SOURCE_TYPES, findArtifactSourceType } from '../pipeline-model/artifact-source-types'
import type { ArtifactSource } from '../pipeline-model/pipeline-model'
import { Button } from '../ui/button'
import { Field } from '../ui/field'
import type { PipelineProblems } from './pipeline-edits'
import { changeArtifactType } from './pipeline-edits'

type Props = {
  title: string
  source: ArtifactSource
  pathPrefix: string
  problems: PipelineProblems
  ownerScope: Scope
  onChange: (source: ArtifactSource) => void
  onRemove: () => void
}

/** One artifact source: where it comes from (a connector) and which artifact, all from the source-type registry. */
export function ArtifactSourceEditor({ title, source, pathPrefix, problems, ownerScope, onChange, onRemove }: Props) {
  const definition = findArtifactSourceType(source.type)
  return (
    <fieldset className="editor-card">
      <legend className="editor-card__title">{title}</legend>
      <Field label="Artifact Repository Type" error={problems[`${pathPrefix}.type`]}>
        {({ inputId, describedBy }) => (
          <select
            id={inputId}
            className="input input--narrow"
            value={source.type}
            aria-describedby={describedBy}
            onChange={(event) => onChange(changeArtifactType(source, event.target.value))}
          >
            {ARTIFACT_SOURCE_TYPES.map((type) => (
              <option key={type.type} value={type.type}>
                {type.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {definition ? (
        <>
          <div data-field={`${pathPrefix}.connectorRef`} tabIndex={-1} className="focus-anchor">
            <ConnectorField
              label={`${definition.label} Connector`}
              connectorType={definition.connectorType}
              value={source.connectorRef}
              onChange={(connectorRef) => onChange({ ...source, connectorRef })}
              ownerScope={ownerScope}
              preset={definition.connectorPreset}
              error={problems[`${pathPrefix}.connectorRef`]}
            />
          </div>
          {definition.fields.map((field) => (
            <Field key={field.key} label={field.label} help={field.help} error={problems[`${pathPrefix}.${field.key}`]}>
              {({ inputProps }) => (
                <input
                  {...inputProps}
                  data-field={`${pathPrefix}.${field.key}`}
                  className="input"
                  placeholder={field.placeholder}
                  value={source.fields[field.key] ?? ''}
                  onChange={(event) =>
                    onChange({ ...source, fields: { ...source.fields, [field.key]: event.target.value } })
                  }
                />
              )}
            </Field>
          ))}
        </>
      ) : null}
      <Button variant="ghost" size="small" onClick={onRemove}>
        Remove {title.toLowerCase()}
      </Button>
    </fieldset>
  )
}
