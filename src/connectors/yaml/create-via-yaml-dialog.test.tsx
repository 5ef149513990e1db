import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { PAYMENTS, call } from '../../backend/api-test-helpers'
import type { ConnectorResponse } from '../../lib/api-types'
import { MIRROR_YAML as MIRROR } from '../../test/mirror-connector-yaml'
import { renderWithProviders } from '../../test/render-with-providers'
import { ConnectorsPage } from '../connectors-page'

async function openYamlDialog() {
  const rendered = renderWithProviders(<ConnectorsPage />, { scope: PAYMENTS })
  await rendered.user.click(await screen.findByRole('button', { name: 'Create via YAML' }))
  const dialog = await screen.findByRole('dialog', { name: 'Create via YAML' })
  const textbox = within(dialog).getByRole('textbox', { name: 'Connector YAML' })
  async function enter(text: string) {
    await rendered.user.clear(textbox)
    await rendered.user.click(textbox)
    await rendered.user.paste(text)
  }
  const create = () => rendered.user.click(within(dialog).getByRole('button', { name: 'Create' }))
  return { ...rendered, dialog, textbox, enter, create }
}

async function stored(identifier: string) {
  const answer = await call<ConnectorResponse>('GET', `/ng/api/connectors/${identifier}`, { scope: PAYMENTS })
  return answer.status === 200 ? answer.data : undefined
}

describe('Create via YAML', () => {
  it('names the line and field of what the wizard’s rules refuse, keeps the text, and creates it once fixed', async () => {
    const { dialog, textbox, enter, create, user } = await openYamlDialog()
    await enter(MIRROR)
    await create()
    const alert = await within(dialog).findByRole('alert')
    await waitFor(() => expect(alert).toHaveTextContent(/Line 7, spec\.dockerRegistryUrl: .*scheme/i))
    expect(textbox).toHaveValue(MIRROR)
    expect(textbox).toHaveAttribute('aria-invalid', 'true')
    expect(await stored('registry_mirror')).toBeUndefined()

    // "Go to line 7" selects the line in the text box.
    await user.click(within(alert).getByRole('button', { name: 'Go to line 7' }))
    expect(textbox).toHaveFocus()
    const box = textbox as HTMLTextAreaElement
    expect(box.value.slice(box.selectionStart, box.selectionEnd)).toBe('    dockerRegistryUrl: registry.acme.test:5000')

    await enter(MIRROR.replace('registry.acme.test:5000', 'https://registry.acme.test:5000'))
    await create()
    expect(await within(dialog).findByText('Connector created')).toBeInTheDocument()
    expect(await stored('registry_mirror')).toMatchObject({
      connector: { name: 'Registry mirror', orgIdentifier: 'default', projectIdentifier: 'payments' },
    })
    // The list behind the dialog has it already (hidden from assistive tech while the dialog is open).
    expect(await screen.findByRole('row', { name: /Registry mirror/, hidden: true })).toBeInTheDocument()

    await user.click(within(dialog).getByRole('button', { name: 'Test connection' }))
    expect(await within(dialog).findByText('Connection successful')).toBeInTheDocument()
  })

  it('shows a syntax error with its line, and another scope in words', async () => {
    const { dialog, enter, create } = await openYamlDialog()
    await enter(MIRROR.replace('name: Registry mirror', 'name: "Registry mirror'))
    await create()
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/Line 2: Missing closing "quote/)

    await enter(MIRROR.replace('  type:', '  projectIdentifier: checkout\n  type:'))
    await create()
    await waitFor(() =>
      expect(within(dialog).getByRole('alert')).toHaveTextContent(
        /Line 4, projectIdentifier: This connector is for project "checkout", but you are in project payments/,
      ),
    )
  })

  it('says an identifier is taken on its line, and loses nothing', async () => {
    const { dialog, textbox, enter, create } = await openYamlDialog()
    const taken = MIRROR.replace('identifier: registry_mirror', 'identifier: docker_hub_public').replace(
      'registry.acme.test:5000',
      'https://registry.acme.test:5000',
    )
    await enter(taken)
    await create()
    await waitFor(() =>
      expect(within(dialog).getByRole('alert')).toHaveTextContent(/Line 3, identifier: .*already exists/),
    )
    expect(textbox).toHaveValue(taken)
  })

  it('reads an uploaded file into the text box', async () => {
    const { dialog, textbox, user } = await openYamlDialog()
    const file = new File([MIRROR], 'mirror.yaml', { type: 'application/yaml' })
    await user.upload(within(dialog).getByLabelText('Upload a YAML file'), file)
    await waitFor(() => expect(textbox).toHaveValue(MIRROR))
    expect(within(dialog).getByText(/Loaded mirror\.yaml/)).toBeInTheDocument()
  })

  it('is offered in the catalog too', async () => {
    const { user } = renderWithProviders(<ConnectorsPage />, { scope: PAYMENTS })
    await user.click(await screen.findByRole('button', { name: 'New Connector' }))
    const catalog = await screen.findByRole('dialog', { name: 'New Connector' })
    await user.click(within(catalog).getByRole('button', { name: 'Create via YAML' }))
    expect(await screen.findByRole('dialog', { name: 'Create via YAML' })).toBeInTheDocument()
  })
})
