import type { ComponentProps } from 'react'
import { lazy, Suspense } from 'react'
import type { ConfirmDialog } from './confirm-dialog'
import type { Dialog } from './dialog'

/**
 * The dialog primitive is a chunk of its own: the app's shell uses dialogs only when
 * asked (leave without saving, Reset demo data, the API key), so the first page need not carry
 * it. These load it on first open; a closed one renders nothing.
 */

const ConfirmDialogChunk = lazy(() => import('./confirm-dialog').then((module) => ({ default: module.ConfirmDialog })))
const DialogChunk = lazy(() => import('./dialog').then((module) => ({ default: module.Dialog })))

export function LazyConfirmDialog(props: ComponentProps<typeof ConfirmDialog>) {
  if (!props.open) return null
  return (
    <Suspense fallback={null}>
      <ConfirmDialogChunk {...props} />
    </Suspense>
  )
}

export function LazyDialog(props: ComponentProps<typeof Dialog>) {
  if (!props.open) return null
  return (
    <Suspense fallback={null}>
      <DialogChunk {...props} />
    </Suspense>
  )
}
