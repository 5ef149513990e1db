import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import type { ConnectorYamlDocument } from '../../connector-types/connector-yaml-documents'
import { parseConnectorDocuments } from '../../connector-types/connector-yaml-documents'
import type { Scope } from '../../lib/scope'
import { fetchSecretExists } from '../../secrets/secret-api'
import { Button } from '../../ui/button'
import { Dialog } from '../../ui/dialog'
import { BULK_CONCURRENCY, runWithConcurrency } from '../bulk/bulk-targets'
import { connectorKeys } from '../connector-api'
import { scopeInWords } from './connector-yaml-checks'
import { CreateMissingSecretsStep } from './create-missing-secrets-step'
import type { ImportChoice, ImportOutcome, ImportPlan } from './import-connectors'
import {
  missingSecretsOf,
  planImport,
  plannedOutcome,
  summarizeImport,
  summarizePreview,
  withSecretsCreated,
  writePlan,
} from './import-connectors'
import { ImportPreviewActions } from './import-preview-actions'
import { ImportPreviewTable } from './import-preview-table'
import { ImportProgress } from './import-progress'
import type { MissingSecret } from './import-secret-check'
import { checkSecretReferences } from './import-secret-check'
import { ImportYamlInput } from './import-yaml-input'

type Props = {
  scope: Scope
  /** With what the import did, in words, when it wrote anything. */
  onClose: (summary?: string) => void
}

type Phase = 'input' | 'checking' | 'preview' | 'secrets' | 'rechecking' | 'writing' | 'done'

/** Files larger than this are refused before reading: far beyond any list of connectors. */
const MAX_FILE_BYTES = 5 * 1024 * 1024

/** Import YAML: choose or paste a file, see what would happen to each document, then write. */
export function ImportConnectorsDialog({ scope, onClose }: Props) {
  const queryClient = useQueryClient()
  const [text, setText] = useState('')
  const [phase, setPhase] = useState<Phase>('input')
  const [plans, setPlans] = useState<ImportPlan[]>([])
  const [missing, setMissing] = useState<MissingSecret[]>([])
  const documents = useRef<readonly ConnectorYamlDocument[]>([])
  const [choices, setChoices] = useState<Record<number, ImportChoice>>({})
  const [outcomes, setOutcomes] = useState<Record<number, ImportOutcome>>({})
  const [problem, setProblem] = useState('')
  const controller = useRef<AbortController | null>(null)
  const heading = useRef<HTMLHeadingElement | null>(null)
  const textarea = useRef<HTMLTextAreaElement | null>(null)
  /** Back from the preview: focus goes to the YAML to change. */
  const returning = useRef(false)

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

  /** The plan of each document, with the secrets each would need and the target lacks. */
  const check = async (parsed: readonly ConnectorYamlDocument[], signal: AbortSignal) => {
    const checked = await checkSecretReferences(
      await planImport(scope, parsed, signal),
      scope,
      (at, identifier) => fetchSecretExists(queryClient, at, identifier, signal),
      signal,
    )
    setPlans(checked.plans)
    setMissing(checked.missing)
    return checked.plans
  }

  const preview = async (source: string) => {
    const signal = begin()
    setProblem('')
    let parsed
    try {
      parsed = parseConnectorDocuments(source)
    } catch (error) {
      // Over the import's bounds: refused whole, with the line.
      setProblem(error instanceof Error ? error.message : String(error))
      return
    }
    if (!parsed.length) {
      setProblem('There is no connector in this YAML: give one or more documents that start with connector:')
      return
    }
    setPhase('checking')
    try {
      documents.current = parsed
      await check(parsed, signal)
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

  const wouldWrite = (plan: ImportPlan, index: number) =>
    plan.state === 'create' || (plan.state === 'exists' && choices[index] === 'overwrite')
  const toWrite = plans.filter((plan, index) => plannedOutcome(plan, choices[index] ?? 'skip') !== 'skipped').length
  const blockedPlans = plans.filter((plan, index) => wouldWrite(plan, index) && missingSecretsOf(plan).length > 0)
  // Only the secrets of connectors that would be written are asked for.
  const neededSecrets = missing.filter((secret) =>
    blockedPlans.some((plan) => missingSecretsOf(plan).includes(secret.reference)),
  )

  /** After Create the missing secrets: the preview as it is now, and the import when nothing is missing. */
  const recheckAndImport = async () => {
    const signal = begin()
    setPhase('rechecking')
    try {
      const checked = await check(documents.current, signal)
      const stillBlocked = checked.some((plan, index) => wouldWrite(plan, index) && missingSecretsOf(plan).length > 0)
      if (stillBlocked) setPhase('preview')
      else await write(checked)
    } catch (error) {
      if (signal.aborted) return
      setProblem(`The preview could not be checked again: ${error instanceof Error ? error.message : String(error)}`)
      setPhase('preview')
    }
  }

  const write = async (planned: readonly ImportPlan[] = plans) => {
    const signal = begin()
    setPhase('writing')
    const written: Record<number, ImportOutcome> = {}
    try {
      await runWithConcurrency(planned, BULK_CONCURRENCY, signal, async (plan, index) => {
        written[index] = await writePlan(scope, plan, choices[index] ?? 'skip', signal)
        setOutcomes({ ...written })
      })
    } catch (error) {
      if (!signal.aborted) throw error
    } finally {
      void queryClient.invalidateQueries({ queryKey: connectorKeys.all })
    }
    // Stopped: a write in flight may or may not have been stored; the list shows which.
    planned.forEach((_, index) => {
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
        <ImportYamlInput
          text={text}
          onText={setText}
          onFile={(file) => void chooseFile(file)}
          onSubmit={() => void preview(text)}
          onCancel={close}
          checking={phase === 'checking'}
          problem={problem}
          textarea={textarea}
        />
      ) : phase === 'secrets' ? (
        <CreateMissingSecretsStep
          missing={neededSecrets}
          summary={summarizePreview(withSecretsCreated(plans), choices, 'With these secrets, the import will do')}
          onCreated={() => void recheckAndImport()}
          onBack={() => setPhase('preview')}
        />
      ) : (
        <div className="import-dialog__preview">
          <h3 ref={heading} tabIndex={-1} className="import-dialog__heading">
            {phase === 'done'
              ? 'Import finished'
              : phase === 'writing' || phase === 'rechecking'
                ? 'Importing…'
                : `Preview: ${plans.length} document${plans.length === 1 ? '' : 's'}`}
          </h3>
          {phase === 'writing' || phase === 'done' ? (
            <ImportProgress
              done={writtenCount}
              total={totalToWrite}
              summary={phase === 'done' ? summarizeImport(Object.values(outcomes)) : ''}
            />
          ) : null}
          <ImportPreviewTable
            plans={plans}
            choices={choices}
            onChoose={(index, choice) => setChoices((current) => ({ ...current, [index]: choice }))}
            outcomes={phase === 'preview' ? undefined : outcomes}
          />
          {phase === 'preview' ? (
            <ImportPreviewActions
              problem={problem}
              blocked={blockedPlans.length}
              toWrite={toWrite}
              missing={neededSecrets}
              where={scopeInWords(scope)}
              summary={summarizePreview(plans, choices)}
              onBack={() => {
                returning.current = true
                setPhase('input')
              }}
              onImport={() => void write()}
              onCreateSecrets={() => {
                setProblem('')
                setPhase('secrets')
              }}
            />
          ) : phase === 'rechecking' ? (
            <p className="muted" role="status">
              Checking the preview again…
            </p>
          ) : (
            <div className="dialog__actions">
              <Button
                variant={phase === 'done' ? 'primary' : 'secondary'}
                onClick={phase === 'done' ? close : () => controller.current?.abort()}
              >
                {phase === 'done' ? 'Done' : 'Stop'}
              </Button>
            </div>
          )}
        </div>
      )}
    </Dialog>
  )
}
