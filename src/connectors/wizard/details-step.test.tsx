import { zodResolver } from '@hookform/resolvers/zod'
import { screen } from '@testing-library/react'
import type { ReactNode } from 'react'
import type { Resolver } from 'react-hook-form'
import { FormProvider, useForm } from 'react-hook-form'
import { describe, expect, it } from 'vitest'
import { AUTH_METHODS, offersAnonymousAccess } from '../../connector-types/auth-methods'
import { buildConnectorFormSchema, STEP_FIELDS } from '../../connector-types/connector-form-schema'
import type { ConnectorFormValues } from '../../connector-types/connector-model'
import { emptyConnectorForm } from '../../connector-types/connector-model'
import { CONNECTOR_TYPES, getConnectorType } from '../../connector-types/registry'
import { renderWithProviders } from '../../test/render-with-providers'
import { DetailsStep } from './details-step'

const scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }

function Harness({
  type,
  children,
}: {
  type: string
  children: (form: ReturnType<typeof useForm<ConnectorFormValues>>) => ReactNode
}) {
  const definition = getConnectorType(type)
  const form = useForm<ConnectorFormValues>({
    defaultValues: emptyConnectorForm(definition),
    resolver: zodResolver(buildConnectorFormSchema(definition)) as unknown as Resolver<ConnectorFormValues>,
  })
  return <FormProvider {...form}>{children(form)}</FormProvider>
}

describe.each(CONNECTOR_TYPES.map((definition) => definition.type))('Details step of %s', (type) => {
  const definition = getConnectorType(type)

  it('renders every field its registry entry defines, by its label', () => {
    renderWithProviders(
      <Harness type={type}>{() => <DetailsStep definition={definition} scope={scope} lockedExtras={[]} />}</Harness>,
    )
    expect(screen.getByRole('textbox', { name: definition.url.label })).toBeInTheDocument()
    for (const field of definition.fields) {
      const control =
        field.control === 'radio'
          ? screen.getByRole('group', { name: field.label })
          : screen.getByRole('combobox', { name: field.label })
      expect(control).toBeInTheDocument()
      for (const option of field.options) {
        if (field.control === 'radio') expect(screen.getByRole('radio', { name: option.label })).toBeInTheDocument()
        else
          expect(
            screen.getByRole('option', { name: new RegExp(`^${option.label.replace('.', '\\.')}`) }),
          ).toBeInTheDocument()
      }
    }
    expect(screen.getByRole('group', { name: 'Authentication' })).toBeInTheDocument()
    for (const authType of definition.authTypes) {
      expect(screen.getByRole('radio', { name: AUTH_METHODS[authType].label })).toBeInTheDocument()
    }
    expect(screen.getAllByRole('radio', { name: /Username and Password|Anonymous/ })).toHaveLength(
      definition.authTypes.length,
    )
    expect(screen.getByRole('textbox', { name: 'Username' })).toBeInTheDocument()
    expect(screen.getByRole('group', { name: 'Password' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Create or Select a Secret' })).toBeInTheDocument()
  })

  it('validates every field it renders when Continue triggers the step', async () => {
    let trigger: (() => Promise<boolean>) | undefined
    renderWithProviders(
      <Harness type={type}>
        {(form) => {
          trigger = () => form.trigger([...STEP_FIELDS.details])
          return <DetailsStep definition={definition} scope={scope} lockedExtras={[]} />
        }}
      </Harness>,
    )
    expect(await trigger!()).toBe(false)
    expect(await screen.findByText(definition.url.requiredMessage)).toBeInTheDocument()
    expect(screen.getByText('Username is required.')).toBeInTheDocument()
    expect(screen.getByText(/Password is required/)).toBeInTheDocument()
  })

  it.skipIf(!offersAnonymousAccess(definition))(
    'warns that credentials would cross plain http only while credentials would be sent',
    async () => {
      const { user } = renderWithProviders(
        <Harness type={type}>{() => <DetailsStep definition={definition} scope={scope} lockedExtras={[]} />}</Harness>,
      )
      await user.type(screen.getByRole('textbox', { name: definition.url.label }), 'http://repo.acme.test/path')
      const warning = /credentials would be sent unencrypted/
      await user.click(screen.getByRole('radio', { name: AUTH_METHODS.UsernamePassword.label }))
      expect(screen.getByText(warning)).toBeInTheDocument()
      await user.click(screen.getByRole('radio', { name: AUTH_METHODS.Anonymous.label }))
      expect(screen.queryByText(warning)).not.toBeInTheDocument()
    },
  )
})
