import { Controller, useFormContext } from 'react-hook-form'
import type { ConnectorFormValues } from '../../connector-types/connector-model'
import { DelegateSelector } from '../../delegates/delegate-selector'
import type { Scope } from '../../lib/scope'
import { StepHeading } from './step-heading'

export function DelegatesStep({ scope }: { scope: Scope }) {
  const { control } = useFormContext<ConnectorFormValues>()
  return (
    <div className="wizard__step">
      <StepHeading>Delegates Setup</StepHeading>
      <p className="muted">
        Select the Delegates this Connector will use. A delegate runs the connection test and every pull.
      </p>
      <Controller
        control={control}
        name="delegates"
        render={({ field, fieldState }) => (
          <DelegateSelector
            scope={scope}
            value={field.value}
            onChange={field.onChange}
            firstInputRef={field.ref}
            error={fieldState.error?.message}
          />
        )}
      />
    </div>
  )
}
