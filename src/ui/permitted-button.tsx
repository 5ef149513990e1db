import type { ComponentProps, MouseEvent } from 'react'
import { useId } from 'react'
import { Button } from './button'

type Props = ComponentProps<typeof Button> & {
  /** Why the user may not do this (their role lacks the permission); the button is then disabled. */
  denied?: string | undefined
}

/**
 * A control the user's role may not allow. Refused, it stays in its place and says why rather
 * than vanishing: it keeps its focus stop (`aria-disabled`, not `disabled`), so a keyboard or
 * screen reader user reaches it and hears the reason, which a pointer user sees on hover.
 */
export function PermittedButton({ denied, onClick, className, children, ...rest }: Props) {
  const reasonId = useId()
  if (!denied) {
    return (
      <Button onClick={onClick} className={className} {...rest}>
        {children}
      </Button>
    )
  }
  const refuse = (event: MouseEvent<HTMLButtonElement>) => event.preventDefault()
  return (
    <>
      <Button
        {...rest}
        className={['button--denied', className ?? ''].join(' ').trim()}
        aria-disabled="true"
        aria-describedby={reasonId}
        title={denied}
        onClick={refuse}
      >
        {children}
      </Button>
      <span id={reasonId} className="visually-hidden">
        {denied}
      </span>
    </>
  )
}
