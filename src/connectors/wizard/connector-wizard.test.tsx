import { screen, waitFor, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { demoAuthentication } from '../../backend/access/demo-principals'
import { createApi } from '../../backend/create-api'
import { SEED_ACCOUNT } from '../../backend/seed-data'
import { mockStore, server } from '../../demo-backend/node-mock-backend'
import { renderWithProviders } from '../../test/render-with-providers'
import { ConnectorWizard } from './connector-wizard'

function renderWizard(type: string, onClose = vi.fn()) {
  const rendered = renderWithProviders(
    <ConnectorWizard
      type={type}
      scope={{ accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }}
      onClose={onClose}
    />,
  )
  return { ...rendered, onClose }
}

const continueButton = () => screen.getByRole('button', { name: 'Continue' })
const currentStep = () => document.querySelector('[aria-current="step"]')?.textContent ?? ''

describe('Overview step', () => {
  it('says what is missing and focuses the first invalid field', async () => {
    const { user } = renderWizard('DockerRegistry')
    await user.click(continueButton())
    expect(await screen.findByText('Name is required.')).toBeInTheDocument()
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveFocus()
    expect(currentStep()).toContain('Overview')
  })

  it('derives the identifier from the name until the user edits it', async () => {
    const { user } = renderWizard('DockerRegistry')
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Prod registry-1')
    const identifier = screen.getByRole('textbox', { name: 'Identifier' })
    expect(identifier).toHaveValue('Prod_registry_1')
    await user.clear(identifier)
    await user.type(identifier, 'custom_id')
    await user.type(screen.getByRole('textbox', { name: 'Name' }), ' more')
    expect(identifier).toHaveValue('custom_id')
  })

  it('refuses a reserved identifier in words', async () => {
    const { user } = renderWizard('Nexus')
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Nexus')
    const identifier = screen.getByRole('textbox', { name: 'Identifier' })
    await user.clear(identifier)
    await user.type(identifier, 'class')
    await user.click(continueButton())
    expect(await screen.findByText('"class" is a reserved word and cannot be an identifier.')).toBeInTheDocument()
    expect(identifier).toHaveFocus()
  })

  it('checks with the server that the identifier is free before leaving', async () => {
    const { user } = renderWizard('DockerRegistry')
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Docker Hub')
    const identifier = screen.getByRole('textbox', { name: 'Identifier' })
    await user.clear(identifier)
    await user.type(identifier, 'docker_hub_public')
    await user.click(continueButton())
    expect(await screen.findByText(/already exists here/)).toBeInTheDocument()
    expect(currentStep()).toContain('Overview')
  })

  it('adds tags as chips and keeps Enter from submitting', async () => {
    const { user } = renderWizard('HttpHelmRepo')
    const tags = screen.getByRole('textbox', { name: /Tags/ })
    await user.type(tags, 'team:payments{Enter}prod{Enter}')
    const added = screen.getByRole('list', { name: 'Tags added' })
    expect(
      within(added)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['team:payments×', 'prod×'])
    expect(currentStep()).toContain('Overview')
    // Continue would have validated the whole step, identifier included.
    expect(screen.queryByText('Identifier is required.')).not.toBeInTheDocument()
  })
})

async function passOverview(user: ReturnType<typeof renderWizard>['user'], name = 'My connector') {
  await user.type(screen.getByRole('textbox', { name: 'Name' }), name)
  await user.click(continueButton())
  await screen.findByRole('heading', { name: 'Details' })
}

describe('Details step', () => {
  it('validates only its own fields and keeps every value on Back', async () => {
    const { user } = renderWizard('Artifactory')
    await user.type(screen.getByRole('textbox', { name: /Description/ }), 'Main JFrog')
    await passOverview(user)
    await user.click(continueButton())
    expect(await screen.findByText('Artifactory Repository URL is required.')).toBeInTheDocument()
    expect(screen.getByText('Username is required.')).toBeInTheDocument()
    expect(screen.getByText(/Password is required/)).toBeInTheDocument()
    expect(screen.getByRole('textbox', { name: 'Artifactory Repository URL' })).toHaveFocus()

    await user.type(screen.getByRole('textbox', { name: 'Artifactory Repository URL' }), 'https://acme.jfrog.io')
    expect(screen.getByText(/append \/artifactory/)).toBeInTheDocument()
    await user.type(screen.getByRole('textbox', { name: 'Username' }), 'demo')
    await user.click(screen.getByRole('button', { name: 'Back' }))
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('My connector')
    expect(screen.getByRole('textbox', { name: /Description/ })).toHaveValue('Main JFrog')
    await user.click(continueButton())
    await screen.findByRole('heading', { name: 'Details' })
    expect(screen.getByRole('textbox', { name: 'Artifactory Repository URL' })).toHaveValue('https://acme.jfrog.io')
    expect(screen.getByRole('textbox', { name: 'Username' })).toHaveValue('demo')
  })

  it('lets Anonymous skip the credentials', async () => {
    const { user } = renderWizard('HttpHelmRepo')
    await passOverview(user)
    await user.type(screen.getByRole('textbox', { name: 'Helm Repository URL' }), 'https://charts.acme.test/stable')
    await user.click(screen.getByRole('radio', { name: 'Anonymous (no credentials required)' }))
    expect(screen.queryByRole('textbox', { name: 'Username' })).not.toBeInTheDocument()
    await user.click(continueButton())
    expect(await screen.findByRole('heading', { name: 'Delegates Setup' })).toBeInTheDocument()
  })

  it('shows the oci:// URL an OCI connector will use, and offers no Anonymous', async () => {
    const { user } = renderWizard('OciHelmRepo')
    await passOverview(user)
    await user.type(
      screen.getByRole('textbox', { name: 'Helm Repository URL' }),
      'oci://registry.acme.test:5000/charts',
    )
    expect(screen.getByTestId('url-preview')).toHaveTextContent('Will use oci://registry.acme.test:5000/charts')
    expect(screen.queryByRole('radio', { name: 'Anonymous (no credentials required)' })).not.toBeInTheDocument()
    await user.type(screen.getByRole('textbox', { name: 'Username' }), '_json_key')
    await user.click(continueButton())
    expect(await screen.findByText(/Use _json_key_base64/)).toBeInTheDocument()
  })

  it('picks a seeded secret and creates a new one without leaving the wizard', async () => {
    const { user } = renderWizard('DockerRegistry')
    await passOverview(user)
    await user.click(screen.getByRole('button', { name: 'Create or Select a Secret' }))
    const picker = await screen.findByRole('dialog', { name: 'Create or Select a Secret' })
    expect(within(picker).getByRole('tab', { name: 'Project' })).toHaveAttribute('aria-selected', 'true')
    expect(within(picker).getByRole('tab', { name: 'Organization' })).toBeInTheDocument()
    expect(within(picker).getByRole('tab', { name: 'Account' })).toBeInTheDocument()
    await user.click(within(picker).getByRole('button', { name: '+ New Secret Text' }))
    await user.type(within(picker).getByLabelText('Secret Name'), 'Registry token')
    await user.type(within(picker).getByLabelText('Secret Value'), 's3cr3t-value')
    await user.click(within(picker).getByRole('button', { name: 'Save secret' }))
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Create or Select a Secret' })).not.toBeInTheDocument(),
    )
    expect(await screen.findByTestId('selected-secret')).toHaveTextContent('Registry token')
    expect(screen.getByTestId('selected-secret')).toHaveTextContent('Registry_token')
    expect(document.body.textContent).not.toContain('s3cr3t-value')
    expect(currentStep()).toContain('Details')
  })
})

describe('the whole flow', () => {
  it('saves on Save and Continue, tests, and reports success', async () => {
    const { user, onClose } = renderWizard('DockerRegistry')
    await passOverview(user, 'Team registry')
    await user.click(screen.getByRole('radio', { name: 'Other (Docker V2 compliant)' }))
    await user.type(screen.getByRole('textbox', { name: 'Docker Registry URL' }), 'https://registry.acme.test:5000')
    await user.type(screen.getByRole('textbox', { name: 'Username' }), 'demo')
    await user.click(screen.getByRole('button', { name: 'Create or Select a Secret' }))
    const picker = await screen.findByRole('dialog', { name: 'Create or Select a Secret' })
    await user.click(await within(picker).findByRole('radio', { name: /Demo password/ }))
    await user.click(within(picker).getByRole('button', { name: 'Apply Selected' }))
    await user.click(continueButton())

    await screen.findByRole('heading', { name: 'Delegates Setup' })
    await user.click(screen.getByRole('radio', { name: 'Only use Delegates with all of the following tags' }))
    await user.click(screen.getByRole('button', { name: 'Save and Continue' }))
    expect(await screen.findByText(/Choose at least one delegate tag/)).toBeInTheDocument()
    await user.click(await screen.findByRole('checkbox', { name: 'docker' }))
    expect(screen.getByText(/1 of 3 delegates match, 1 connected/)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Save and Continue' }))

    expect(await screen.findByText('Connection successful', {}, { timeout: 5000 })).toBeInTheDocument()
    expect(screen.getByText(/Executed on delegate-east/)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Finish' }))
    expect(onClose).toHaveBeenCalledWith({ identifier: 'Team_registry' })
  })
})

describe('closing', () => {
  it('asks before discarding typed input, and closes at once when nothing was typed', async () => {
    const { user, onClose } = renderWizard('Nexus')
    await user.keyboard('{Escape}')
    expect(onClose).toHaveBeenCalledWith(undefined)

    const second = renderWizard('Nexus')
    await second.user.type(screen.getAllByRole('textbox', { name: 'Name' }).at(-1)!, 'Half typed')
    await second.user.keyboard('{Escape}')
    const confirm = await screen.findByRole('dialog', { name: 'Discard unsaved changes?' })
    await second.user.click(within(confirm).getByRole('button', { name: 'Keep editing' }))
    expect(second.onClose).not.toHaveBeenCalled()
    expect(screen.getAllByRole('textbox', { name: 'Name' }).at(-1)).toHaveValue('Half typed')
  })
})

describe('username in a secret', () => {
  it('takes the username from a secret picked like the password', async () => {
    const { user } = renderWizard('DockerRegistry')
    await passOverview(user)
    await user.selectOptions(screen.getByRole('combobox', { name: 'Username type' }), 'secret')
    expect(screen.queryByRole('textbox', { name: 'Username' })).not.toBeInTheDocument()
    await user.click(continueButton())
    expect(await screen.findByText('Username is required: create or select a secret.')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Create or Select a Secret for the username' }))
    const picker = await screen.findByRole('dialog', { name: 'Create or Select a Secret' })
    await user.click(await within(picker).findByRole('radio', { name: /Demo password/ }))
    await user.click(within(picker).getByRole('button', { name: 'Apply Selected' }))
    await waitFor(() =>
      expect(screen.queryByText('Username is required: create or select a secret.')).not.toBeInTheDocument(),
    )
    expect(screen.getAllByTestId('selected-secret')[0]).toHaveTextContent('Demo password')
  })
})

describe('closing', () => {
  it('does not report a save when an edit is closed unchanged', async () => {
    const onClose = vi.fn()
    const { user } = renderWithProviders(
      <ConnectorWizard
        type="HttpHelmRepo"
        scope={{ accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }}
        connector={{
          name: 'Stable charts',
          identifier: 'stable_charts',
          orgIdentifier: 'default',
          projectIdentifier: 'payments',
          tags: {},
          type: 'HttpHelmRepo',
          spec: { helmRepoUrl: 'https://charts.acme.test/stable', auth: { type: 'Anonymous' }, delegateSelectors: [] },
        }}
        version={1}
        onClose={onClose}
      />,
    )
    await user.click(screen.getByRole('button', { name: 'Close' }))
    expect(onClose).toHaveBeenCalledTimes(1)
    expect(onClose).toHaveBeenCalledWith(undefined)
  })
})

describe('a save that never answers', () => {
  it('leaves the user a way out: closing asks, then closes', async () => {
    server.use(http.post('*/ng/api/connectors', () => new Promise<never>(() => undefined)))
    const { user, onClose } = renderWizard('HttpHelmRepo')
    await passOverview(user)
    await user.type(screen.getByRole('textbox', { name: 'Helm Repository URL' }), 'https://charts.acme.test/stable')
    await user.click(screen.getByRole('radio', { name: 'Anonymous (no credentials required)' }))
    await user.click(continueButton())
    await user.click(await screen.findByRole('button', { name: 'Save and Continue' }))
    await user.click(screen.getByRole('button', { name: 'Close' }))
    const confirm = await screen.findByRole('dialog', { name: 'Discard unsaved changes?' })
    expect(confirm).toHaveTextContent('still being saved')
    await user.click(within(confirm).getByRole('button', { name: 'Discard changes' }))
    expect(onClose).toHaveBeenCalledWith(undefined)
  })
})

describe('a create whose answer was lost', () => {
  it('recognises its own connector on Retry instead of calling it a duplicate', async () => {
    // The first create is stored, but its answer never arrives (the network drops it).
    const api = createApi({ store: mockStore, latency: 0, authenticate: demoAuthentication(SEED_ACCOUNT) })
    server.use(
      http.post(
        '*/ng/api/connectors',
        async ({ request }) => {
          await api(request)
          return HttpResponse.error()
        },
        { once: true },
      ),
    )
    const { user } = renderWizard('HttpHelmRepo')
    await passOverview(user, 'Lost answer')
    await user.type(screen.getByRole('textbox', { name: 'Helm Repository URL' }), 'https://charts.acme.test/stable')
    await user.click(screen.getByRole('radio', { name: 'Anonymous (no credentials required)' }))
    await user.click(continueButton())
    await user.click(await screen.findByRole('button', { name: 'Save and Continue' }))
    expect(await screen.findByText(/could not be reached/)).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Save and Continue' }))
    expect(await screen.findByRole('heading', { name: 'Test Connection' })).toBeInTheDocument()
    expect(screen.queryByText(/already exists/)).not.toBeInTheDocument()
  })
})

describe('a message that appears on blur', () => {
  it('waits for the release, so the control the user pressed does not move away', async () => {
    const { user } = renderWizard('DockerRegistry')
    await passOverview(user)
    await user.click(screen.getByRole('textbox', { name: 'Docker Registry URL' }))
    const anonymous = screen.getByRole('radio', { name: 'Anonymous (no credentials required)' })
    // Pressing Anonymous blurs the empty URL field, which validates it.
    await user.pointer({ keys: '[MouseLeft>]', target: anonymous })
    expect(screen.queryByText('Docker Registry URL is required.')).not.toBeInTheDocument()
    await user.pointer({ keys: '[/MouseLeft]', target: anonymous })
    expect(anonymous).toBeChecked()
    expect(await screen.findByText('Docker Registry URL is required.')).toBeInTheDocument()
  })
})
