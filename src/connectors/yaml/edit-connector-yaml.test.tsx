import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { PAYMENTS, call } from '../../backend/api-test-helpers'
import type { ConnectorResponse } from '../../lib/api-types'
import { renderWithProviders } from '../../test/render-with-providers'
import { ConnectorDetailsDialog } from '../details/connector-details-dialog'

const NEW_URL = 'https://registry.acme.test:5000'

async function readConnector(identifier: string) {
  return (await call<ConnectorResponse>('GET', `/ng/api/connectors/${identifier}`, { scope: PAYMENTS })).data
}

async function openEditor(onClose = vi.fn()) {
  const stored = await readConnector('docker_hub_public')
  const rendered = renderWithProviders(
    <ConnectorDetailsDialog
      connector={stored.connector}
      status={stored.status}
      version={stored.version}
      scope={PAYMENTS}
      onClose={onClose}
    />,
    { scope: PAYMENTS },
  )
  const dialog = await screen.findByRole('dialog', { name: 'Docker Hub public' })
  await rendered.user.click(await within(dialog).findByRole('button', { name: 'Edit YAML' }))
  const textbox = await within(dialog).findByRole('textbox', { name: 'YAML of Docker Hub public' })
  async function edit(change: (text: string) => string) {
    // Each Edit YAML opens a new text box.
    const current = await within(dialog).findByRole('textbox', { name: 'YAML of Docker Hub public' })
    const text = change((current as HTMLTextAreaElement).value)
    await rendered.user.clear(current)
    await rendered.user.click(current)
    await rendered.user.paste(text)
    return text
  }
  const save = () => rendered.user.click(within(dialog).getByRole('button', { name: 'Save' }))
  return { ...rendered, stored, dialog, textbox, edit, save, onClose }
}

describe('Edit YAML in Details', () => {
  it('saves a changed URL with the version it read, and Details shows it', async () => {
    const { dialog, textbox, edit, save, stored } = await openEditor()
    expect(textbox).toHaveFocus()
    await edit((text) => text.replace('https://index.docker.io/v2/', NEW_URL))
    await save()
    const view = await within(dialog).findByLabelText('YAML of Docker Hub public', { selector: 'pre' })
    // The YAML view, the details list and the focus settle in separate renders on a busy machine.
    await waitFor(() => {
      expect(view).toHaveTextContent(NEW_URL)
      // The URL is laid out in pieces that wrap after a slash (url-text.tsx): the row's text is the URL.
      expect(
        within(dialog).getByText((_, element) => element?.tagName === 'DD' && element.textContent === NEW_URL),
      ).toBeInTheDocument()
      expect(within(dialog).getByRole('button', { name: 'Edit YAML' })).toHaveFocus()
    })
    const saved = await readConnector('docker_hub_public')
    expect(saved.connector.spec.dockerRegistryUrl).toBe(NEW_URL)
    expect(saved.version).toBe((stored.version ?? 0) + 1)
  })

  it('refuses a new identifier or type at its line, and saves nothing', async () => {
    const { dialog, textbox, edit, save } = await openEditor()
    const text = await edit((yaml) =>
      yaml
        .replace('identifier: docker_hub_public', 'identifier: docker_hub_renamed')
        .replace('type: DockerRegistry', 'type: Nexus'),
    )
    await save()
    const alert = within(dialog).getByRole('alert')
    await waitFor(() => expect(alert).toHaveTextContent(/Line \d+, identifier: The identifier cannot change here/))
    expect(alert).toHaveTextContent(/Line \d+, type: The type cannot change/)
    expect(textbox).toHaveValue(text)
    expect((await readConnector('docker_hub_public')).connector.type).toBe('DockerRegistry')
  })

  it('refuses a key no connector has at its line, naming the key it looks like, and saves nothing', async () => {
    const { dialog, edit, save, stored } = await openEditor()
    const text = await edit((yaml) => yaml.replace('delegateSelectors:', 'delegateSelector:'))
    const line = text.split('\n').findIndex((each) => each.trim().startsWith('delegateSelector:')) + 1
    await save()
    await waitFor(() =>
      expect(within(dialog).getByRole('alert')).toHaveTextContent(
        `Line ${line}: spec.delegateSelector is not a field of a Docker Registry connector: did you mean delegateSelectors?`,
      ),
    )
    expect((await readConnector('docker_hub_public')).version).toBe(stored.version)
  })

  it('goes back to the read-only view on Cancel, and asks before closing with changes', async () => {
    const { dialog, edit, user, onClose } = await openEditor()
    await edit((text) => `${text}# a note\n`)
    await user.keyboard('{Escape}')
    const confirm = await screen.findByRole('dialog', { name: 'Discard your YAML changes?' })
    expect(onClose).not.toHaveBeenCalled()
    await user.click(within(confirm).getByRole('button', { name: 'Keep editing' }))
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(within(dialog).queryByRole('textbox', { name: 'YAML of Docker Hub public' })).not.toBeInTheDocument()
    expect(within(dialog).getByRole('button', { name: 'Edit YAML' })).toHaveFocus()

    await user.click(within(dialog).getByRole('button', { name: 'Edit YAML' }))
    await edit((text) => `${text}# another note\n`)
    await user.click(within(dialog).getAllByRole('button', { name: 'Close' }).at(-1)!)
    await user.click(await screen.findByRole('button', { name: 'Discard changes' }))
    expect(onClose).toHaveBeenCalledOnce()
  })
})
