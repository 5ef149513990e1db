import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { FormEvent } from 'react'
import { useEffect, useRef, useState } from 'react'
import { ApiError } from '../../lib/api-client'
import { nameProblem } from '../../lib/entity-names'
import type { Scope } from '../../lib/scope'
import type { NewSecret } from '../../secrets/secret-api'
import { createSecretAt, secretKeys } from '../../secrets/secret-api'
import { Button } from '../../ui/button'
import { Field } from '../../ui/field'
import { scopeInWords } from './connector-yaml-checks'
import type { MissingSecret } from './import-secret-check'

type Props = {
  missing: readonly MissingSecret[]
  /** What the import will do once these secrets exist. */
  summary: string
  /** Every secret exists now: the import re-checks its preview and runs. */
  onCreated: () => void
  onBack: () => void
}

type Problems = { name?: string; value?: string }

const fieldId = (index: number, field: 'name' | 'value') => `missing-secret-${index}-${field}`

/**
 * A step of the import: each secret the connectors need and the target lacks, asked for once
 * however many connectors share it. Values are write-only (a password field, sent once to the
 * secret create API, cleared as soon as it is stored) and never shown or kept anywhere else.
 */
export function CreateMissingSecretsStep({ missing, summary, onCreated, onBack }: Props) {
  const queryClient = useQueryClient()
  const [names, setNames] = useState<Record<string, string>>(() =>
    Object.fromEntries(missing.map((secret) => [secret.key, secret.identifier])),
  )
  const [values, setValues] = useState<Record<string, string>>({})
  const [problems, setProblems] = useState<Record<string, Problems>>({})
  const [created, setCreated] = useState<ReadonlySet<string>>(new Set())
  const create = useMutation({
    // The value is the mutation's input: drop it from the cache as soon as the call ends.
    gcTime: 0,
    mutationFn: ({ scope, secret }: { scope: Scope; secret: NewSecret }) => createSecretAt(scope, secret),
  })
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (create.isPending) return
    const next: Record<string, Problems> = {}
    missing.forEach((secret) => {
      if (created.has(secret.key)) return
      const name = nameProblem(names[secret.key] ?? '')
      const value = (values[secret.key] ?? '') === '' ? 'Secret Value is required.' : undefined
      if (name || value) next[secret.key] = { name, value }
    })
    const firstInvalid = missing.findIndex((secret) => next[secret.key])
    if (firstInvalid !== -1) {
      setProblems(next)
      const field = next[missing[firstInvalid]?.key ?? '']?.name ? 'name' : 'value'
      document.getElementById(fieldId(firstInvalid, field))?.focus()
      return
    }
    setProblems({})
    const done = new Set(created)
    const failed: Record<string, Problems> = {}
    for (const secret of missing) {
      if (done.has(secret.key)) continue
      try {
        await create.mutateAsync({
          scope: secret.scope,
          secret: {
            identifier: secret.identifier,
            name: names[secret.key] ?? secret.identifier,
            description: '',
            value: values[secret.key] ?? '',
          },
        })
        done.add(secret.key)
        setValues((current) => ({ ...current, [secret.key]: '' }))
      } catch (error) {
        failed[secret.key] = {
          value: error instanceof ApiError ? error.message : 'The secret could not be created. Try again.',
        }
      }
    }
    setCreated(done)
    void queryClient.invalidateQueries({ queryKey: secretKeys.all })
    if (Object.keys(failed).length) {
      setProblems(failed)
      const index = missing.findIndex((secret) => failed[secret.key])
      document.getElementById(fieldId(index, 'value'))?.focus()
      return
    }
    onCreated()
  }

  return (
    <form className="import-dialog__form" onSubmit={(event) => void submit(event)} noValidate>
      <h3 ref={heading} tabIndex={-1} className="import-dialog__heading">
        Create the missing secrets
      </h3>
      <p className="muted">
        Each value is stored in the secret manager and never shown again. The preview is checked again before the import
        runs.
      </p>
      <p className="import-dialog__summary">{summary}</p>
      {missing.map((secret, index) => (
        <fieldset key={secret.key} className="missing-secret">
          <legend>
            <code>{secret.reference}</code> in {scopeInWords(secret.scope)}
          </legend>
          {created.has(secret.key) ? (
            <p className="badge badge--success">Created</p>
          ) : (
            <>
              <Field id={fieldId(index, 'name')} label="Secret Name" error={problems[secret.key]?.name}>
                {({ inputProps }) => (
                  <input
                    {...inputProps}
                    className="input"
                    autoComplete="off"
                    value={names[secret.key] ?? ''}
                    onChange={(event) => setNames((current) => ({ ...current, [secret.key]: event.target.value }))}
                  />
                )}
              </Field>
              <Field
                id={fieldId(index, 'value')}
                label="Secret Value"
                error={problems[secret.key]?.value}
                help={`Identifier ${secret.identifier}, as the connectors refer to it.`}
              >
                {({ inputProps }) => (
                  <input
                    {...inputProps}
                    className="input"
                    type="password"
                    autoComplete="new-password"
                    value={values[secret.key] ?? ''}
                    onChange={(event) => setValues((current) => ({ ...current, [secret.key]: event.target.value }))}
                  />
                )}
              </Field>
            </>
          )}
        </fieldset>
      ))}
      <div className="dialog__actions">
        <Button onClick={onBack} disabled={create.isPending}>
          Back to the preview
        </Button>
        <Button type="submit" variant="primary" busy={create.isPending}>
          {`Create ${missing.length === 1 ? 'the secret' : `${missing.length} secrets`} and import`}
        </Button>
      </div>
    </form>
  )
}
