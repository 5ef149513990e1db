import { useFormContext, useWatch } from 'react-hook-form'
import type { AuthField } from '../../connector-types/auth-methods'
import { AUTH_METHODS, findAuthMethod } from '../../connector-types/auth-methods'
import type { ConnectorFormValues } from '../../connector-types/connector-model'
import type { ConnectorTypeDefinition } from '../../connector-types/connector-type'
import type { Scope } from '../../lib/scope'
import { Field } from '../../ui/field'
import { SecretReferenceField } from './secret-reference-field'

type Props = { definition: ConnectorTypeDefinition; scope: Scope }

/** Authentication: the methods the type offers, then the chosen method's own fields. */
export function AuthMethodFields({ definition, scope }: Props) {
  const { control, setValue } = useFormContext<ConnectorFormValues>()
  const auth = useWatch({ control, name: 'auth' })
  const method = findAuthMethod(auth.type)
  const methods = definition.authTypes.map((id) => AUTH_METHODS[id])
  return (
    <>
      <fieldset className="field radio-group">
        <legend className="field__label">Authentication</legend>
        <div className="radio-group__options">
          {methods.map((option) => (
            <label key={option.id} className="radio">
              <input
                type="radio"
                name="auth-type"
                value={option.id}
                checked={auth.type === option.id}
                onChange={() => setValue('auth.type', option.id, { shouldDirty: true })}
              />
              {option.label}
            </label>
          ))}
        </div>
        {methods.length === 1 && methods[0] ? (
          <p className="field__help">{methods[0].onlyMethodNote(definition.label)}</p>
        ) : null}
      </fieldset>
      {method?.fields.length ? (
        <div className="credentials">
          {method.fields.map((field) => (
            <AuthFieldInput key={field.key} field={field} scope={scope} />
          ))}
        </div>
      ) : null}
    </>
  )
}

function AuthFieldInput({ field, scope }: { field: AuthField; scope: Scope }) {
  const { register, control, setValue, formState } = useFormContext<ConnectorFormValues>()
  const inSecret = useWatch({ control, name: `auth.${field.kind === 'text-or-secret' ? field.toggleKey : field.key}` })
  if (field.kind === 'secret') {
    return (
      <SecretReferenceField
        scope={scope}
        name={`auth.${field.key}`}
        label={field.label}
        buttonLabel={field.buttonLabel}
        help={field.help}
      />
    )
  }
  const error = formState.errors.auth?.[field.key]
  return (
    <>
      <label className="username-kind">
        <span className="visually-hidden">{field.label} type</span>
        <select
          className="input input--inline"
          value={inSecret === true ? 'secret' : 'text'}
          onChange={(event) =>
            setValue(`auth.${field.toggleKey}`, event.target.value === 'secret', { shouldDirty: true })
          }
        >
          <option value="text">{field.textOption}</option>
          <option value="secret">{field.secretOption}</option>
        </select>
      </label>
      {inSecret === true ? (
        <SecretReferenceField
          scope={scope}
          name={`auth.${field.refKey}`}
          label={field.label}
          buttonLabel={field.secretButtonLabel}
          help={field.secretHelp}
        />
      ) : (
        <Field label={field.label} error={typeof error?.message === 'string' ? error.message : undefined}>
          {({ inputProps }) => (
            <input
              {...register(`auth.${field.key}`)}
              {...inputProps}
              className="input"
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
      )}
    </>
  )
}
