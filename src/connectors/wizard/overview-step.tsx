import { Controller, useFormContext } from 'react-hook-form'
import type { ConnectorFormValues } from '../../connector-types/connector-model'
import { deriveIdentifier } from '../../lib/entity-names'
import { Field } from '../../ui/field'
import { TagInput } from '../../ui/tag-input'
import { StepHeading } from './step-heading'

type Props = {
  /** False when the wizard has just opened: the Name field takes focus then, not the heading. */
  focusHeading: boolean
  identifierLocked: boolean
  identifierEdited: boolean
  onIdentifierEdited: () => void
  scopeLabel: string
}

export function OverviewStep({
  focusHeading,
  identifierLocked,
  identifierEdited,
  onIdentifierEdited,
  scopeLabel,
}: Props) {
  const { register, setValue, getFieldState, formState, control } = useFormContext<ConnectorFormValues>()
  const { errors } = formState

  const name = register('name', {
    onChange: (event: { target: { value: string } }) => {
      if (identifierLocked || identifierEdited) return
      setValue('identifier', deriveIdentifier(event.target.value), {
        shouldValidate: getFieldState('identifier').isTouched || Boolean(errors.identifier),
      })
    },
  })
  const identifier = register('identifier', { onChange: () => onIdentifierEdited() })

  return (
    <div className="wizard__step">
      <StepHeading autoFocus={focusHeading}>Overview</StepHeading>
      <Field label="Name" error={errors.name?.message} help="Letters, digits, spaces, _ . and -; up to 128 characters.">
        {({ inputProps }) => (
          <input
            {...name}
            {...inputProps}
            className="input"
            placeholder="Enter Name"
            autoComplete="off"
            maxLength={256}
          />
        )}
      </Field>
      <Field
        label="Identifier"
        error={errors.identifier?.message}
        help={
          identifierLocked
            ? 'The identifier cannot change after the connector is created: pipelines refer to it.'
            : `Made from the name until you edit it. Letters, digits and _; unique in this ${scopeLabel.toLowerCase()}.`
        }
      >
        {({ inputProps }) => (
          <input
            {...identifier}
            {...inputProps}
            className="input input--mono"
            readOnly={identifierLocked}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <Field label="Description" optional error={errors.description?.message}>
        {({ inputProps }) => (
          <textarea
            {...register('description')}
            {...inputProps}
            className="input"
            rows={3}
            placeholder="Enter Description"
          />
        )}
      </Field>
      <Controller
        control={control}
        name="tags"
        render={({ field, fieldState }) => (
          <Field
            label="Tags"
            optional
            error={
              fieldState.error?.message ?? (Array.isArray(fieldState.error) ? tagError(fieldState.error) : undefined)
            }
            help="Type a tag as key or key:value and press Enter."
          >
            {({ inputId, describedBy, invalid }) => (
              <TagInput
                id={inputId}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                inputRef={field.ref}
                describedBy={describedBy}
                invalid={invalid}
                placeholder="e.g. team:payments"
              />
            )}
          </Field>
        )}
      />
    </div>
  )
}

function tagError(errors: ({ message?: string } | undefined)[]): string | undefined {
  return errors.find((error) => error?.message)?.message
}
