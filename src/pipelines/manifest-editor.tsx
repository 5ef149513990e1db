import { ConnectorField } from '../connectors/connector-field'
import type { Scope } from '../lib/scope'
import { findManifestStoreType, MANIFEST_STORE_TYPES } from '../pipeline-model/artifact-source-types'
import type { HelmChartManifest } from '../pipeline-model/pipeline-model'
import { Button } from '../ui/button'
import { Field } from '../ui/field'
import type { PipelineProblems } from './pipeline-edits'
import { changeManifestStore } from './pipeline-edits'

type Props = {
  manifest: HelmChartManifest
  pathPrefix: string
  problems: PipelineProblems
  ownerScope: Scope
  onChange: (manifest: HelmChartManifest) => void
  onRemove: () => void
}

/** A Helm chart from an HTTP Helm repository or an OCI registry. */
export function ManifestEditor({ manifest, pathPrefix, problems, ownerScope, onChange, onRemove }: Props) {
  const store = findManifestStoreType(manifest.store)
  return (
    <fieldset className="editor-card">
      <legend className="editor-card__title">Helm Chart {manifest.identifier}</legend>
      <fieldset className="field radio-group">
        <legend className="field__label">Helm Chart Store</legend>
        <div className="radio-group__options radio-group__options--inline">
          {MANIFEST_STORE_TYPES.map((type) => (
            <label key={type.type} className="radio">
              <input
                type="radio"
                name={`${pathPrefix}-store`}
                checked={manifest.store === type.type}
                onChange={() => onChange(changeManifestStore(manifest, type.type))}
              />
              {type.label}
            </label>
          ))}
        </div>
      </fieldset>
      {store ? (
        <div data-field={`${pathPrefix}.connectorRef`} tabIndex={-1} className="focus-anchor">
          <ConnectorField
            label={`${store.label} Connector`}
            connectorType={store.connectorType}
            value={manifest.connectorRef}
            onChange={(connectorRef) => onChange({ ...manifest, connectorRef })}
            ownerScope={ownerScope}
            error={problems[`${pathPrefix}.connectorRef`]}
          />
        </div>
      ) : null}
      <Field label="Chart Name" error={problems[`${pathPrefix}.chartName`]}>
        {({ inputProps }) => (
          <input
            {...inputProps}
            data-field={`${pathPrefix}.chartName`}
            className="input"
            placeholder="payments"
            value={manifest.chartName}
            onChange={(event) => onChange({ ...manifest, chartName: event.target.value })}
          />
        )}
      </Field>
      <Field label="Chart Version" optional help="Leave empty for the latest version.">
        {({ inputId, describedBy }) => (
          <input
            id={inputId}
            className="input"
            placeholder="1.4.2"
            value={manifest.chartVersion}
            aria-describedby={describedBy}
            onChange={(event) => onChange({ ...manifest, chartVersion: event.target.value })}
          />
        )}
      </Field>
      <Button variant="ghost" size="small" onClick={onRemove}>
        Remove Helm chart
      </Button>
    </fieldset>
  )
}
