import { useFormContext, useWatch } from 'react-hook-form'
import { adviceValuesOf } from '../../connector-types/auth-methods'
import type { ConnectorFormValues } from '../../connector-types/connector-model'
import type { ConnectorTypeDefinition, DetailsValues } from '../../connector-types/connector-type'
import type { Scope } from '../../lib/scope'
import { Field } from '../../ui/field'
import { Notice } from '../../ui/notice'
import { AuthMethodFields } from './auth-method-fields'
import { ChoiceField } from './choice-field'
import { StepHeading } from './step-heading'

type Props = {
  definition: ConnectorTypeDefinition
  scope: Scope
  lockedExtras: readonly string[]
}

export function DetailsStep({ definition, scope, lockedExtras }: Props) {
  const { register, formState, control } = useFormContext<ConnectorFormValues>()
  const [url, extras, auth] = useWatch({ control, name: ['url', 'extras', 'auth'] })
  const errors = formState.errors
  const values: DetailsValues = { url, extras, ...adviceValuesOf(auth) }
  const urlProblem = url.trim() ? definition.url.validate(url) : 'empty'
  const preview =
    !urlProblem && definition.url.preview ? definition.url.preview(definition.url.normalize(url)) : undefined
  const urlGuidance = url.trim() ? definition.url.guidance(values) : []
  const credentialGuidance = definition.credentials.guidance(values)

  return (
    <div className="wizard__step">
      <StepHeading>Details</StepHeading>
      {definition.fields.map((field) => (
        <ChoiceField key={field.key} field={field} locked={lockedExtras.includes(field.key)} />
      ))}
      <Field
        label={definition.url.label}
        help={definition.url.help}
        error={errors.url?.message}
        footer={
          <>
            {preview ? (
              <p className="field__preview" data-testid="url-preview">
                Will use <code>{preview}</code>
              </p>
            ) : null}
            {urlGuidance.map((note) => (
              <Notice key={note.message} tone={note.tone} className="notice--compact">
                {note.message}
              </Notice>
            ))}
          </>
        }
      >
        {({ inputProps }) => (
          <input
            {...register('url')}
            {...inputProps}
            className="input input--mono"
            type="text"
            inputMode="url"
            placeholder={definition.url.placeholder}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>

      <AuthMethodFields definition={definition} scope={scope} />
      {credentialGuidance.map((note) => (
        <Notice key={note.message} tone={note.tone} className="notice--compact">
          {note.message}
        </Notice>
      ))}
    </div>
  )
}
