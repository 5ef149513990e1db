import { useQueryClient } from '@tanstack/react-query'
import type { FormEvent } from 'react'
import { useEffect, useId, useRef, useState } from 'react'
import { parseConnectorDocuments } from '../../connector-types/connector-yaml-documents'
import type { Scope } from '../../lib/scope'
import { Button } from '../../ui/button'
import { Dialog } from '../../ui/dialog'
import { Field } from '../../ui/field'
import { Notice } from '../../ui/notice'
import { BULK_CONCURRENCY, runWithConcurrency } from '../bulk/bulk-targets'
import { connectorKeys } from '../connector-api'
import { scopeInWords } from './connector-yaml-checks'
import type { ImportChoice, ImportOutcome, ImportPlan } from './import-connectors'
import { planImport, summarizeImport, writePlan } from './import-connectors'
import { ImportPreviewTable } from './import-preview-table'

type Props = {
  scope: Scope
  /** With what the import did, in words, when it wrote anything. */
  onClose: (summary?: string) => void
}

type Phase = 'input' | 'checking' | 'preview' | 'writing' | 'done'

/** Files larger than this are refused before reading: far beyond any list of connectors. */
const MAX_FILE_BYTES = 5 * 1024 * 1024

/** Import YAML: choose or paste a file, see what would happen to each document, then write. */
export function ImportConnectorsDialog({ scope, onClose }: Props) {
  const queryClient = useQueryClient()
  const [text, setText] = useState('')
  const [phase, setPhase] = useState<Phase>('input')
  const [plans, setPlans] = useState<ImportPlan[]>([])
  const [choices, setChoices] = useState<Record<number, ImportChoice>>({})
  const [outcomes, setOutcomes] = useState<Record<number, ImportOutcome>>({})
  const [problem, setProblem] = useState('')
  const controller = useRef<AbortController | null>(null)
  const heading = useRef<HTMLHeadingElement | null>(null)
  const textarea = useRef<HTMLTextAreaElement | null>(null)
  /** Back from the preview: focus goes to the YAML to change. */
  const returning = useRef(false)
  const fileId = useId()

  useEffect(() => () => controller.current?.abort(), [])
  // The table that replaces the form is where the user goes on: its heading takes focus.
  useEffect(() => {
    if (phase === 'preview' || phase === 'done') heading.current?.focus()
    if (phase === 'input' && returning.current) textarea.current?.focus()
    returning.current = false
  }, [phase])

  const begin = () => {
    controller.current?.abort()
    controller.current = new AbortController()
    return controller.current.signal
  }

  const preview = async (source: string) => {
    const signal = begin()
    setProblem('')
    let documents
    try {
      documents = parseConnectorDocuments(source)
    } catch (error) {
      // Over the import's bounds: refused whole, with the line.
      setProblem(error instanceof Error ? error.message : String(error))
      return
    }
    if (!documents.length) {
      setProblem('There is no connector in this YAML: give one or more documents that start with connector:')
      return
    }
    setPhase('checking')
    try {
      setPlans(await planImport(scope, documents, signal))
      setChoices({})
      setOutcomes({})
      setPhase('preview')
    } catch (error) {
      if (signal.aborted) return
      setProblem(`The preview could not check the documents: ${error instanceof Error ? error.message : String(error)}`)
      setPhase('input')
    }
  }

  const chooseFile = async (file: File | undefined) => {
    if (!file) return
    if (file.size > MAX_FILE_BYTES) {
      setProblem(`${file.name} is larger than 5 MB: that is not a list of connectors.`)
      return
    }
    const content = await file.text()
    setText(content)
    await preview(content)
  }

  const toWrite = plans.filter(
    (plan, index) => plan.state === 'create' || (plan.state === 'exists' && choices[index] === 'overwrite'),
  ).length

  const write = async () => {
    const signal = begin()
    setPhase('writing')
    const written: Record<number, ImportOutcome> = {}
    try {
      await runWithConcurrency(plans, BULK_CONCURRENCY, signal, async (plan, index) => {
        written[index] = await writePlan(scope, plan, choices[index] ?? 'skip', signal)
        setOutcomes({ ...written })
      })
    } catch (error) {
      if (!signal.aborted) throw error
    } finally {
      void queryClient.invalidateQueries({ queryKey: connectorKeys.all })
    }
    // Stopped: a write in flight may or may not have been stored; the list shows which.
    plans.forEach((_, index) => {
      written[index] ??= { kind: 'skipped', message: 'Not written: the import was stopped.' }
    })
    setOutcomes({ ...written })
    setPhase('done')
  }

  const close = () => {
    controller.current?.abort()
    const done = Object.values(outcomes)
    onClose(done.length ? summarizeImport(done) : undefined)
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void preview(text)
  }

  const writtenCount = Object.values(outcomes).length
  const totalToWrite = plans.length
  return (
    <Dialog
      open
      onRequestClose={close}
      title="Import YAML"
      size="large"
      className="import-dialog"
      initialFocus={phase === 'input' ? 'input[type="file"]' : undefined}
      description={
        <>
          Connectors are imported into {scopeInWords(scope)}: an orgIdentifier or projectIdentifier in the file is
          replaced by this scope&apos;s. Nothing is written until you choose Import.
        </>
      }
    >
      {phase === 'input' || phase === 'checking' ? (
        <form className="import-dialog__form" onSubmit={onSubmit} noValidate>
          <div className="field">
            <label className="field__label" htmlFor={fileId}>
              YAML file
            </label>
            <input
              id={fileId}
              type="file"
              accept=".yaml,.yml,application/yaml,text/yaml,text/plain"
              onChange={(event) => void chooseFile(event.target.files?.[0])}
            />
          </div>
          <Field label="Or paste YAML" help="One or more connector: documents, separated by lines of ---.">
            {({ inputProps }) => (
              <textarea
                {...inputProps}
                ref={textarea}
                className="input input--mono"
                rows={10}
                spellCheck={false}
                value={text}
                onChange={(event) => setText(event.target.value)}
              />
            )}
          </Field>
          {problem ? (
            <Notice tone="danger" role="alert">
              {problem}
            </Notice>
          ) : null}
          <div className="dialog__actions">
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant="primary" busy={phase === 'checking'} disabled={!text.trim()}>
              Preview
            </Button>
          </div>
          {phase === 'checking' ? (
            <p className="muted" role="status">
              Checking the documents…
            </p>
          ) : null}
        </form>
      ) : (
        <div className="import-dialog__preview">
          <h3 ref={heading} tabIndex={-1} className="import-dialog__heading">
            {phase === 'done'
              ? 'Import finished'
              : phase === 'writing'
                ? 'Importing…'
                : `Preview: ${plans.length} document${plans.length === 1 ? '' : 's'}`}
          </h3>
          {phase === 'writing' || phase === 'done' ? (
            <div className="bulk-progress">
              <div
                className="progress"
                role="progressbar"
                aria-label="Import progress"
                aria-valuemin={0}
                aria-valuemax={totalToWrite}
                aria-valuenow={writtenCount}
                aria-valuetext={`${writtenCount} of ${totalToWrite} documents done`}
              >
                <div className="progress__bar" style={{ width: `${(writtenCount / (totalToWrite || 1)) * 100}%` }} />
              </div>
              <p role="status" aria-live="polite">
                {phase === 'done' ? summarizeImport(Object.values(outcomes)) : ''}
              </p>
            </div>
          ) : null}
          <ImportPreviewTable
            plans={plans}
            choices={choices}
            onChoose={(index, choice) => setChoices((current) => ({ ...current, [index]: choice }))}
            outcomes={phase === 'preview' ? undefined : outcomes}
          />
          <div className="dialog__actions">
            {phase === 'preview' ? (
              <>
                <Button
                  onClick={() => {
                    returning.current = true
                    setPhase('input')
                  }}
                >
                  Back
                </Button>
                <Button variant="primary" disabled={toWrite === 0} onClick={() => void write()}>
                  {`Import ${toWrite} connector${toWrite === 1 ? '' : 's'}`}
                </Button>
              </>
            ) : (
              <Button
                variant={phase === 'done' ? 'primary' : 'secondary'}
                onClick={phase === 'done' ? close : () => controller.current?.abort()}
              >
                {phase === 'done' ? 'Done' : 'Stop'}
              </Button>
            )}
          </div>
        </div>
      )}
    </Dialog>
  )
}
