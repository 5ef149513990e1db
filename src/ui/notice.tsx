import type { ReactNode } from 'react'

type Props = {
  tone: 'info' | 'warning' | 'danger' | 'success'
  title?: ReactNode
  children?: ReactNode
  /** `alert` interrupts a screen reader; use it only for what the user must hear now. */
  role?: 'alert' | 'status'
  className?: string
}

const ICONS: Record<Props['tone'], string> = { info: 'i', warning: '!', danger: '×', success: '✓' }

export function Notice({ tone, title, children, role, className }: Props) {
  return (
    <div className={['notice', `notice--${tone}`, className ?? ''].join(' ').trim()} role={role}>
      <span className="notice__icon" aria-hidden="true">
        {ICONS[tone]}
      </span>
      <div className="notice__body">
        {title ? <p className="notice__title">{title}</p> : null}
        {children}
      </div>
    </div>
  )
}
