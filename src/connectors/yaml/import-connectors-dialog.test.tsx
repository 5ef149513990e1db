import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { PAYMENTS, call } from '../../backend/api-test-helpers'
import type { ConnectorResponse } from '../../lib/api-types'
import { renderWithProviders } from '../../test/render-with-providers'
import { ConnectorsPage } from '../connectors-page'

const FILE = `connector:
  name: Imported charts
  identifier: imported_charts
  orgIdentifier: platform
  projectIdentifier: infra
  type: HttpHelmRepo
  spec:
    helmRepoUrl: https://charts.acme.test/stable
    auth:
      type: Anonymous
---
connector:
  name: Docker Hub public
  identifier: docker_hub_public
  description: Changed by the import
  type: DockerRegistry
  spec:
    dockerRegistryUrl: https://index.docker.io/v2/
    providerType: DockerHub
    auth:
      type: Anonymous
---
connector:
  name: Broken
  identifier: broken
  type: HttpHelmRepo
  spec:
    helmRepoUrl: charts.acme.test
    auth:
      type: Anonymous
`

const read = (identifier: string) =>
  call<ConnectorResponse>('GET', `/ng/api/connectors/${identifier}`, { scope: PAYMENTS })

async function openPreview() {
  const rendered = renderWithProviders(<ConnectorsPage />)
  const { user } = rendered
  await user.click(await screen.findByRole('button', { name: 'Import YAML' }))
  const dialog = await screen.findByRole('dialog', { name: 'Import YAML' })
  expect(within(dialog).getByLabelText('YAML file')).toHaveFocus()
  expect(dialog).toHaveTextContent(/imported into project payments \(organization default\)/)
  await user.click(within(dialog).getByRole('textbox', { name: 'Or paste YAML' }))
  await user.paste(FILE)
  await user.click(within(dialog).getByRole('button', { name: 'Preview' }))
  await within(dialog).findByRole('heading', { name: 'Preview: 3 documents' })
  return { ...rendered, dialog }
}

describe('Import YAML', () => {
  it('previews each document, writes nothing until asked, then creates and overwrites as chosen', async () => {
    const { user, dialog } = await openPreview()
    expect(within(dialog).getByRole('heading', { name: 'Preview: 3 documents' })).toHaveFocus()
    const rows = within(dialog).getAllByRole('row').slice(1)
    expect(rows[0]).toHaveTextContent(/Imported charts.*Will be created/)
    expect(rows[1]).toHaveTextContent(/Docker Hub public.*Already exists/)
    expect(rows[2]).toHaveTextContent(
      /Invalid\s*line 28, spec\.helmRepoUrl: The URL needs its scheme: https:\/\/charts\.acme\.test/,
    )
    expect((await read('imported_charts')).status).toBe(404)

    const importButton = within(dialog).getByRole('button', { name: 'Import 1 connector' })
    await user.selectOptions(
      within(dialog).getByRole('combobox', { name: 'Action for docker_hub_public' }),
      'Overwrite',
    )
    expect(importButton).toHaveAccessibleName('Import 2 connectors')
    await user.click(importButton)

    await within(dialog).findByRole('heading', { name: 'Import finished' })
    expect(within(dialog).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '3')
    const results = within(dialog).getAllByRole('row').slice(1)
    expect(results.map((row) => row.lastElementChild?.textContent)).toEqual([
      'Created',
      'Overwritten',
      'SkippedInvalid: not written.',
    ])
    const created = await read('imported_charts')
    // The file's org and project are replaced by the scope the user is in.
    expect(created.data.connector).toMatchObject({ orgIdentifier: 'default', projectIdentifier: 'payments' })
    expect((await read('docker_hub_public')).data.connector.description).toBe('Changed by the import')
    expect((await read('broken')).status).toBe(404)

    await user.click(within(dialog).getByRole('button', { name: 'Done' }))
    expect(await screen.findByText(/Import finished: 1 created, 1 overwritten, 1 skipped, 0 failed/)).toBeVisible()
    expect(screen.getByRole('button', { name: 'Import YAML' })).toHaveFocus()
  })

  it('refuses an overwrite when the connector changed after the preview (409), in words', async () => {
    const { user, dialog } = await openPreview()
    await user.selectOptions(
      within(dialog).getByRole('combobox', { name: 'Action for docker_hub_public' }),
      'Overwrite',
    )
    const stored = (await read('docker_hub_public')).data
    const changed = await call('PUT', '/ng/api/connectors', {
      scope: { accountIdentifier: 'acme' },
      body: { connector: { ...stored.connector, description: 'Changed in another tab' } },
      headers: { 'If-Match': `"${stored.version}"` },
    })
    expect(changed.status).toBe(200)

    await user.click(within(dialog).getByRole('button', { name: 'Import 2 connectors' }))
    await within(dialog).findByRole('heading', { name: 'Import finished' })
    const row = within(dialog).getByRole('row', { name: /Docker Hub public/ })
    expect(row).toHaveTextContent(/Failed.*has changed since you opened it/)
    expect((await read('docker_hub_public')).data.connector.description).toBe('Changed in another tab')
  })

  it('previews a chosen file at once, and says when it holds no connector', async () => {
    const { user } = renderWithProviders(<ConnectorsPage />)
    await user.click(await screen.findByRole('button', { name: 'Import YAML' }))
    const dialog = await screen.findByRole('dialog', { name: 'Import YAML' })
    const file = within(dialog).getByLabelText('YAML file')
    await user.upload(file, new File(['# nothing here\n'], 'empty.yaml', { type: 'application/yaml' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/no connector in this YAML/)
    await user.upload(file, new File([FILE], 'connectors.yaml', { type: 'application/yaml' }))
    await within(dialog).findByRole('heading', { name: 'Preview: 3 documents' })
    await waitFor(() => expect(within(dialog).getAllByText('Will be created')).toHaveLength(1))
  })
})
