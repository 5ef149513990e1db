import * as RadixDialog from '@radix-ui/react-dialog'
import type { ReactNode } from 'react'
import { useRef } from 'react'

type Props = {
  open: boolean
  /** Called when the user asks to close (Escape, the close button, a click outside). */
  onRequestClose: () => void
  title: ReactNode
  description?: ReactNode
  children: ReactNode
  size?: 'small' | 'medium' | 'large' | 'drawer'
  /** A selector for what takes focus when the dialog opens (defaults to the first focusable element). */
  initialFocus?: string
  className?: string
}

/**
 * A modal dialog. Radix gives it the dialog role, focus trapping, Escape and hiding the page
 * behind from screen readers (docs/decisions/004). Radix returns focus only to its own Trigger,
 * which the app does not use, so the dialog remembers what had focus when it opened and returns
 * there; if that is gone (the catalog that opened the wizard), to the page's heading.
 */
export function Dialog({
  open,
  onRequestClose,
  title,
  description,
  children,
  size = 'medium',
  initialFocus,
  className,
}: Props) {
  const opener = useRef<HTMLElement | null>(null)
  return (
    <RadixDialog.Root open={open} onOpenChange={(next) => (next ? undefined : onRequestClose())}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content
          className={['dialog', `dialog--${size}`, className ?? ''].join(' ').trim()}
          onOpenAutoFocus={(event) => {
            // Radix calls this before it moves focus, so the opener still has it.
            opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
            const target = initialFocus
              ? (event.currentTarget as HTMLElement).querySelector<HTMLElement>(initialFocus)
              : null
            if (target) {
              event.preventDefault()
              target.focus()
            }
          }}
          onCloseAutoFocus={(event) => {
            event.preventDefault()
            // Another dialog took over (the catalog hands over to the wizard): moving focus now
            // would blur its first field (showing "required" before anything was typed) and eat
            // the keystrokes typed in between.
            const active = document.activeElement
            if (active instanceof HTMLElement && active !== document.body && active.closest('[role="dialog"]')) return
            const target = opener.current
            if (target && target.isConnected && target !== document.body) target.focus()
            else document.querySelector<HTMLElement>('main h1')?.focus()
          }}
          {...(description ? {} : { 'aria-describedby': undefined })}
        >
          <div className="dialog__header">
            <RadixDialog.Title className="dialog__title">{title}</RadixDialog.Title>
            <RadixDialog.Close className="dialog__close" aria-label="Close">
              <span aria-hidden="true">×</span>
            </RadixDialog.Close>
          </div>
          {description ? (
            <RadixDialog.Description className="dialog__description">{description}</RadixDialog.Description>
          ) : null}
          <div className="dialog__body">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  )
}
