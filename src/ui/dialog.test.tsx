import { fireEvent, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { ConfirmDialog } from './confirm-dialog'
import { Dialog } from './dialog'

/** A page with a button that opens a dialog, which has a button that opens a second one on top. */
function Page({ onOuterClose }: { onOuterClose?: () => void }) {
  const [outer, setOuter] = useState(false)
  const [inner, setInner] = useState(false)
  return (
    <main>
      <h1 tabIndex={-1}>Connectors</h1>
      <button type="button" onClick={() => setOuter(true)}>
        Open the wizard
      </button>
      <Dialog
        open={outer}
        title="Wizard"
        initialFocus="input"
        onRequestClose={() => {
          onOuterClose?.()
          setOuter(false)
        }}
      >
        <label>
          Name <input />
        </label>
        <button type="button" onClick={() => setInner(true)}>
          Pick a secret
        </button>
        <Dialog open={inner} title="Secrets" description="Choose one." onRequestClose={() => setInner(false)}>
          <button type="button">Apply</button>
        </Dialog>
      </Dialog>
    </main>
  )
}

describe('Dialog', () => {
  it('opens as a labelled dialog, focuses what it is told to, and returns focus to its opener', async () => {
    const user = userEvent.setup()
    render(<Page />)
    const opener = screen.getByRole('button', { name: 'Open the wizard' })
    await user.click(opener)
    const wizard = screen.getByRole('dialog', { name: 'Wizard' })
    expect(wizard).toHaveAttribute('open')
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveFocus()
    await user.click(screen.getByRole('button', { name: 'Close' }))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(opener).toHaveFocus()
  })

  it('closes only the dialog on top with Escape, then the one below', async () => {
    const user = userEvent.setup()
    render(<Page />)
    await user.click(screen.getByRole('button', { name: 'Open the wizard' }))
    await user.click(screen.getByRole('button', { name: 'Pick a secret' }))
    const secrets = screen.getByRole('dialog', { name: 'Secrets' })
    expect(secrets).toHaveAccessibleDescription('Choose one.')
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog', { name: 'Secrets' })).not.toBeInTheDocument()
    expect(screen.getByRole('dialog', { name: 'Wizard' })).toBeInTheDocument()
    // Focus went back to the button that opened the secrets, inside the wizard.
    expect(screen.getByRole('button', { name: 'Pick a secret' })).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })

  it("asks to close on a press on the backdrop, not on a press inside, and on the browser's cancel", async () => {
    const user = userEvent.setup()
    const onOuterClose = vi.fn()
    render(<Page onOuterClose={onOuterClose} />)
    await user.click(screen.getByRole('button', { name: 'Open the wizard' }))
    const wizard = screen.getByRole('dialog', { name: 'Wizard' })
    fireEvent.pointerDown(screen.getByRole('textbox', { name: 'Name' }))
    expect(onOuterClose).not.toHaveBeenCalled()
    // The backdrop belongs to the <dialog> element itself, which its content fills.
    fireEvent.pointerDown(wizard)
    expect(onOuterClose).toHaveBeenCalledTimes(1)

    await user.click(screen.getByRole('button', { name: 'Open the wizard' }))
    const cancel = new Event('cancel', { cancelable: true })
    fireEvent(screen.getByRole('dialog', { name: 'Wizard' }), cancel)
    // Refused to the browser (it would close the element behind React's back), asked of the app.
    expect(cancel.defaultPrevented).toBe(true)
    expect(onOuterClose).toHaveBeenCalledTimes(2)
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })

  it('opens again and asks when the browser closes it by itself', async () => {
    const user = userEvent.setup()
    const onOuterClose = vi.fn()
    function KeptOpen() {
      return (
        <Dialog open title="Kept" onRequestClose={onOuterClose}>
          <button type="button">Inside</button>
        </Dialog>
      )
    }
    render(<KeptOpen />)
    const dialog = screen.getByRole<HTMLDialogElement>('dialog', { name: 'Kept' })
    dialog.close()
    await vi.waitFor(() => expect(onOuterClose).toHaveBeenCalledTimes(1))
    expect(dialog).toHaveAttribute('open')
    await user.keyboard('{Escape}')
    expect(onOuterClose).toHaveBeenCalledTimes(2)
  })

  it("puts a confirmation's focus on its safe answer, so that Enter does not discard", async () => {
    const user = userEvent.setup()
    const onConfirm = vi.fn()
    const onCancel = vi.fn()
    render(
      <ConfirmDialog
        open
        title="Discard unsaved changes?"
        message="Nothing has been saved yet."
        confirmLabel="Discard changes"
        cancelLabel="Keep editing"
        tone="danger"
        onConfirm={onConfirm}
        onCancel={onCancel}
      />,
    )
    expect(screen.getByRole('button', { name: 'Keep editing' })).toHaveFocus()
    await user.keyboard('{Enter}')
    expect(onCancel).toHaveBeenCalledTimes(1)
    expect(onConfirm).not.toHaveBeenCalled()
  })
})
