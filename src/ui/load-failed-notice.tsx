import { Button } from './button'
import { Notice } from './notice'

type Props = {
  /** What could not be read, in words ("The connectors could not be loaded"). */
  title: string
  error: Error
  /** Reads it again; without it the notice only says why. */
  onRetry?: () => void
}

/** A list or page that could not be read: why, in the server's words, and a way to try again. */
export function LoadFailedNotice({ title, error, onRetry }: Props) {
  return (
    <Notice tone="danger" role="alert" title={title}>
      {error.message}
      {onRetry ? (
        <>
          {' '}
          <Button variant="link" onClick={onRetry}>
            Try again
          </Button>
        </>
      ) : null}
    </Notice>
  )
}
