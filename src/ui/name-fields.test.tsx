import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import type { NameFieldErrors } from './name-fields'
import { NameFields } from './name-fields'

/** A form holding the fields' values, as New project and New Secret do. */
function Form({ withTags = false, errors = {} }: { withTags?: boolean; errors?: NameFieldErrors }) {
  const [values, setValues] = useState({ name: '', identifier: '', description: '', tags: [] as string[] })
  return (
    <NameFields
      idPrefix="new-thing"
      noun="Thing"
      name={values.name}
      description={values.description}
      identifier={{ value: values.identifier, help: 'Derived from the name.' }}
      {...(withTags ? { tags: values.tags } : {})}
      onChange={(change) => setValues((current) => ({ ...current, ...change }))}
      errors={errors}
    />
  )
}

describe('NameFields', () => {
  it('derives the identifier from the name until the user edits it', async () => {
    const user = userEvent.setup()
    render(<Form />)
    const name = screen.getByRole('textbox', { name: 'Thing Name' })
    const identifier = screen.getByRole('textbox', { name: 'Thing Identifier' })
    await user.type(name, 'Mobile apps 2')
    expect(identifier).toHaveValue('Mobile_apps_2')
    expect(identifier).toHaveAccessibleDescription('Derived from the name.')
    await user.clear(identifier)
    await user.type(identifier, 'mobile')
    await user.type(name, 'b')
    expect(identifier).toHaveValue('mobile')
    expect(screen.queryByRole('textbox', { name: /^Tags/ })).not.toBeInTheDocument()
  })

  it('names each field by its id, shows its error at it, and offers tags when asked', () => {
    render(<Form withTags errors={{ name: 'Name is required.', description: 'Too long.' }} />)
    const name = screen.getByRole('textbox', { name: 'Thing Name' })
    expect(name).toHaveAttribute('id', 'new-thing-name')
    expect(name).toBeInvalid()
    expect(name).toHaveAccessibleDescription('Name is required.')
    expect(screen.getByRole('textbox', { name: /^Description/ })).toHaveAccessibleDescription('Too long.')
    expect(screen.getByRole('textbox', { name: /^Tags/ })).toHaveAttribute('id', 'new-thing-tags')
  })
})
