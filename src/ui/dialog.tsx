import type { KeyboardEvent, PointerEvent, ReactNode, SyntheticEvent } from 'react'
import { useId, useLayoutEffect, useRef } from 'react'
import { createPortal } from 'react-dom'

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
 * A modal dialog: the browser's own `<dialog>`, opened with `showModal()` (docs/decisions/015).
 * The browser puts it in the top layer, makes the rest of the page inert (no focus, no pointer,
 * hidden from assistive technology), stacks nested dialogs, and moves focus into it; this
 * component adds Escape, a click outside, the close button, and returning focus to what had it
 * when the dialog opened (or, if that is gone, the page's heading). It is portalled to the body so
 * that a dialog opened from inside a form (the secret picker in the wizard) is not a form inside
 * a form. A closed dialog renders nothing.
 */
export function Dialog({ open, ...props }: Props) {
  return open ? createPortal(<OpenDialog {...props} />, document.body) : null
}

function OpenDialog({
  onRequestClose,
  title,
  description,
  children,
  size = 'medium',
  initialFocus,
  className,
}: Omit<Props, 'open'>) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const descriptionId = useId()
  // The latest handler, so that the effects below run once per opening.
  const requestClose = useRef(onRequestClose)
  useLayoutEffect(() => {
    requestClose.current = onRequestClose
  })
  const closing = useRef(false)

  // Opened before the browser paints, so that the first frame shows it and keystrokes typed
  // right after the click or Enter that opened it land in the field it focuses.
  useLayoutEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    dialog.showModal()
    if (initialFocus) dialog.querySelector<HTMLElement>(initialFocus)?.focus()
    return () => {
      closing.current = true
      dialog.close()
      // Another dialog took over (the catalog hands over to the wizard): moving focus now would
      // blur its first field (showing "required" before anything was typed) and eat keystrokes.
      const active = document.activeElement
      if (active instanceof HTMLElement && !dialog.contains(active) && active.closest('dialog[open]')) return
      if (opener && opener.isConnected && opener !== document.body) opener.focus()
      else document.querySelector<HTMLElement>('main h1')?.focus()
    }
    // The initial focus applies to the opening only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // Escape, handled here so that an inner dialog's Escape closes only that one; the browser's own
  // `cancel` (Escape with focus outside any field of the dialog) asks the same way, never closing
  // the element behind React's back.
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return
    event.preventDefault()
    event.stopPropagation()
    requestClose.current()
  }
  const onCancel = (event: SyntheticEvent<HTMLDialogElement>) => {
    event.preventDefault()
    requestClose.current()
  }
  // A browser may close a modal dialog itself (repeated Escape without a user gesture): open it
  // again and ask, so that what is shown stays what the app decided.
  const onClose = () => {
    const dialog = ref.current
    if (closing.current || !dialog || dialog.open) return
    dialog.showModal()
    requestClose.current()
  }
  // The backdrop is the dialog element itself; its content fills it, so a press on the element
  // is a press outside the content. On press, not click, so that selecting text that ends
  // outside does not close it.
  const onPointerDown = (event: PointerEvent<HTMLDialogElement>) => {
    if (event.target === event.currentTarget) requestClose.current()
  }

  return (
    <dialog
      ref={ref}
      className={['dialog', `dialog--${size}`, className ?? ''].join(' ').trim()}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onKeyDown={onKeyDown}
      onCancel={onCancel}
      onClose={onClose}
      onPointerDown={onPointerDown}
    >
      <div className="dialog__frame">
        <div className="dialog__header">
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          <button type="button" className="dialog__close" aria-label="Close" onClick={() => requestClose.current()}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
        {description ? (
          <p id={descriptionId} className="dialog__description">
            {description}
          </p>
        ) : null}
        <div className="dialog__body">{children}</div>
      </div>
    </dialog>
  )
}
