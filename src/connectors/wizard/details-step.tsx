import { useFormContext, useWatch } from 'react-hook-form'
import type { AuthType, ConnectorTypeDefinition, DetailsValues } from '../../connector-types/connector-type'
import { AUTH_TYPE_LABELS } from '../../connector-types/connector-type'
import type { ConnectorFormValues } from '../../connector-types/connector-model'
import type { Scope } from '../../lib/scope'
import { Field } from '../../ui/field'
import { Notice } from '../../ui/notice'
import { ChoiceField } from './choice-field'
import { SecretReferenceField } from './secret-reference-field'
import { StepHeading } from './step-heading'

type Props = {
  definition: ConnectorTypeDefinition
  scope: Scope
  lockedExtras: readonly string[]
}

export function DetailsStep({ definition, scope, lockedExtras }: Props) {
  const { register, formState, control, setValue } = useFormContext<ConnectorFormValues>()
  const [url, extras, auth] = useWatch({ control, name: ['url', 'extras', 'auth'] })
  const errors = formState.errors
  const values: DetailsValues = {
    url,
    extras,
    authType: auth.type,
    username: auth.username,
    passwordRef: auth.passwordRef,
  }
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

      <fieldset className="field radio-group">
        <legend className="field__label">Authentication</legend>
        <div className="radio-group__options">
          {definition.authTypes.map((type: AuthType) => (
            <label key={type} className="radio">
              <input
                type="radio"
                name="auth-type"
                value={type}
                checked={auth.type === type}
                onChange={() => setValue('auth.type', type, { shouldDirty: true })}
              />
              {AUTH_TYPE_LABELS[type]}
            </label>
          ))}
        </div>
        {definition.authTypes.length === 1 ? (
          <p className="field__help">{definition.label} connectors always sign in with a username and password.</p>
        ) : null}
      </fieldset>

      {auth.type === 'UsernamePassword' ? (
        <div className="credentials">
          <label className="username-kind">
            <span className="visually-hidden">Username type</span>
            <select
              className="input input--inline"
              value={auth.usernameIsSecret ? 'secret' : 'text'}
              onChange={(event) =>
                setValue('auth.usernameIsSecret', event.target.value === 'secret', { shouldDirty: true })
              }
            >
              <option value="text">Plain text username</option>
              <option value="secret">Username in a secret</option>
            </select>
          </label>
          {auth.usernameIsSecret ? (
            <SecretReferenceField
              scope={scope}
              name="auth.usernameRef"
              label="Username"
              buttonLabel="Create or Select a Secret for the username"
              help="The username is read from a secret when the delegate connects."
            />
          ) : (
            <Field label="Username" error={errors.auth?.username?.message}>
              {({ inputProps }) => (
                <input
                  {...register('auth.username')}
                  {...inputProps}
                  className="input"
                  autoComplete="off"
                  spellCheck={false}
                />
              )}
            </Field>
          )}
          <SecretReferenceField
            scope={scope}
            name="auth.passwordRef"
            label="Password"
            buttonLabel="Create or Select a Secret"
            help="The password is a secret: its value stays in the secret manager and is never shown."
          />
        </div>
      ) : null}
      {credentialGuidance.map((note) => (
        <Notice key={note.message} tone={note.tone} className="notice--compact">
          {note.message}
        </Notice>
      ))}
    </div>
  )
}
