import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import type { FormEvent } from 'react'
import { ApiError, setApiKey } from '../lib/api-client'
import { Button } from '../ui/button'
import { Field } from '../ui/field'
import { LazyDialog } from '../ui/lazy-dialogs'

/** Kept for this browser tab's session only, never in storage that outlives it. */
const STORAGE_KEY = 'connectors-api-key'

function needsKey(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401
}

/**
 * A server bound to an address other than this machine's own asks every API call for an
 * `x-api-key`. The first refusal opens this prompt; the key then goes with every request, and
 * what was refused is asked again.
 */
export function ApiKeyPrompt() {
  const queryClient = useQueryClient()
  const [open, setOpen] = useState(false)
  const [key, setKey] = useState('')
  const [error, setError] = useState<string | undefined>()

  useEffect(() => {
    const saved = sessionStorage.getItem(STORAGE_KEY)
    if (saved) setApiKey(saved)
    const onQuery = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && needsKey(event.query.state.error)) setOpen(true)
    })
    const onMutation = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && needsKey(event.mutation?.state.error)) setOpen(true)
    })
    return () => {
      onQuery()
      onMutation()
    }
  }, [queryClient])

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (key.trim() === '') {
      setError('Enter the API key the server printed when it started (or CONNECTORS_API_KEY).')
      return
    }
    sessionStorage.setItem(STORAGE_KEY, key.trim())
    setApiKey(key.trim())
    setOpen(false)
    setKey('')
    setError(undefined)
    void queryClient.invalidateQueries()
  }

  return (
    <LazyDialog open={open} onRequestClose={() => setOpen(false)} title="This server needs an API key" size="small">
      <form onSubmit={submit} noValidate>
        <p>
          The server answers other machines only with its API key. It is kept for this tab until you close it, and sent
          as <code>x-api-key</code>.
        </p>
        <Field label="API key" error={error}>
          {({ inputProps }) => (
            <input
              {...inputProps}
              className="input"
              type="password"
              autoComplete="off"
              value={key}
              onChange={(event) => setKey(event.target.value)}
            />
          )}
        </Field>
        <div className="dialog__actions">
          <Button type="submit" variant="primary">
            Use this key
          </Button>
        </div>
      </form>
    </LazyDialog>
  )
}
