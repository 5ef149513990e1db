import { Button } from './button'
import { Dialog } from './dialog'

type Props = {
  open: boolean
  title: string
  message: string
  confirmLabel: string
  cancelLabel?: string
  tone?: 'danger' | 'primary'
  busy?: boolean
  onConfirm: () => void
  onCancel: () => void
}

export function ConfirmDialog({
  open,
  title,
  message,
  confirmLabel,
  cancelLabel = 'Cancel',
  tone = 'primary',
  busy,
  onConfirm,
  onCancel,
}: Props) {
  return (
    <Dialog
      open={open}
      onRequestClose={onCancel}
      title={title}
      size="small"
      description={message}
      // The safe answer has focus, so that Enter pressed out of habit does not discard or delete.
      initialFocus="[data-confirm-cancel]"
    >
      <div className="dialog__actions">
        <Button variant="secondary" onClick={onCancel} data-confirm-cancel="">
          {cancelLabel}
        </Button>
        <Button variant={tone === 'danger' ? 'danger' : 'primary'} onClick={onConfirm} busy={busy}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  )
}
