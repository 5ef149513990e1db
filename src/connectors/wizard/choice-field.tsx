import { Controller, useFormContext } from 'react-hook-form'
import type { ConnectorFormValues } from '../../connector-types/connector-model'
import type { ChoiceField as ChoiceFieldDefinition } from '../../connector-types/connector-type'
import { Field } from '../../ui/field'

type Props = { field: ChoiceFieldDefinition; locked?: boolean }

/** A registry-defined choice (Docker's Provider Type, Nexus's Version) as radios or a select. */
export function ChoiceField({ field: definition, locked }: Props) {
  const { control } = useFormContext<ConnectorFormValues>()
  const name = `extras.${definition.key}` as const
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) =>
        definition.control === 'radio' ? (
          <fieldset className="field radio-group" aria-describedby={definition.help ? `${name}-help` : undefined}>
            <legend className="field__label">{definition.label}</legend>
            <div className="radio-group__options radio-group__options--inline">
              {definition.options.map((option, index) => (
                <label key={option.value} className="radio">
                  <input
                    type="radio"
                    name={field.name}
                    value={option.value}
                    ref={index === 0 ? field.ref : undefined}
                    checked={field.value === option.value}
                    disabled={locked}
                    onChange={() => field.onChange(option.value)}
                    onBlur={field.onBlur}
                  />
                  {option.label}
                </label>
              ))}
            </div>
            {fieldState.error ? (
              <p className="field__error" role="alert">
                {fieldState.error.message}
              </p>
            ) : null}
            {definition.help ? (
              <p className="field__help" id={`${name}-help`}>
                {definition.help}
              </p>
            ) : null}
          </fieldset>
        ) : (
          <Field
            label={definition.label}
            help={
              locked
                ? `${definition.help ?? ''} Set by the artifact source that opened this wizard.`.trim()
                : definition.help
            }
            error={fieldState.error?.message}
          >
            {({ inputProps }) => (
              <select
                {...inputProps}
                className="input input--narrow"
                name={field.name}
                ref={field.ref}
                value={field.value}
                disabled={locked}
                onChange={(event) => field.onChange(event.target.value)}
                onBlur={field.onBlur}
              >
                {definition.options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.description ? `${option.label} (${option.description})` : option.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )
      }
    />
  )
}
