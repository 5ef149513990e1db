import type { ImportChoice, ImportOutcome, ImportPlan } from './import-connectors'
import { needsSecretsText } from './import-connectors'

type Props = {
  plans: readonly ImportPlan[]
  choices: Readonly<Record<number, ImportChoice>>
  onChoose: (index: number, choice: ImportChoice) => void
  /** After the import: what happened to each document (the choices are then fixed). */
  outcomes?: Readonly<Record<number, ImportOutcome>>
}

const OUTCOME_LABELS: Record<ImportOutcome['kind'], string> = {
  created: 'Created',
  overwritten: 'Overwritten',
  skipped: 'Skipped',
  failed: 'Failed',
}

const OUTCOME_TONES: Record<ImportOutcome['kind'], string> = {
  created: 'success',
  overwritten: 'success',
  skipped: 'unknown',
  failed: 'failure',
}

function PlanCell({
  plan,
  index,
  choice,
  onChoose,
}: { plan: ImportPlan; index: number } & Pick<Props, 'onChoose'> & {
    choice: ImportChoice
  }) {
  if (plan.state === 'create') {
    return plan.missingSecrets?.length ? (
      <span className="badge badge--failure">{needsSecretsText(plan.missingSecrets)}</span>
    ) : (
      <span className="badge badge--success">Will be created</span>
    )
  }
  if (plan.state === 'invalid') {
    return (
      <span className="import-preview__invalid">
        <span className="badge badge--failure">Invalid</span>
        {plan.problems.map((problem) => (
          <span key={problem} className="import-preview__problem">
            {problem}
          </span>
        ))}
      </span>
    )
  }
  const id = `import-choice-${index}`
  return (
    <span className="import-preview__exists">
      <span className="badge badge--unknown">Already exists</span>
      {plan.name !== plan.connector.name ? <span className="muted">here named {plan.name}</span> : null}
      <label htmlFor={id} className="visually-hidden">
        {`Action for ${plan.connector.identifier}`}
      </label>
      <select
        id={id}
        className="input input--inline"
        value={choice}
        onChange={(event) => onChoose(index, event.target.value as ImportChoice)}
      >
        <option value="skip">Skip</option>
        <option value="overwrite">Overwrite</option>
      </select>
      {plan.missingSecrets?.length ? (
        <span className="import-preview__problem">{`Overwrite: ${needsSecretsText(plan.missingSecrets)}`}</span>
      ) : null}
    </span>
  )
}

/** One row a document: which connector, and what the import will do (or did) with it. */
export function ImportPreviewTable({ plans, choices, onChoose, outcomes }: Props) {
  return (
    <table className="table stacked-table import-preview">
      <caption className="visually-hidden">{outcomes ? 'What the import did' : 'What the import will do'}</caption>
      <thead>
        <tr>
          <th scope="col">Document</th>
          <th scope="col">Connector</th>
          <th scope="col">{outcomes ? 'Result' : 'Preview'}</th>
        </tr>
      </thead>
      <tbody>
        {plans.map((plan, index) => {
          const { document } = plan
          const outcome = outcomes?.[index]
          const identifier = plan.state === 'invalid' ? document.identifier : plan.connector.identifier
          const name = plan.state === 'invalid' ? document.name : plan.connector.name
          return (
            <tr key={document.index}>
              <td data-label="Document">
                {document.index} <span className="muted">(line {document.line})</span>
              </td>
              <th scope="row">
                <span className="connector-cell__name">{name || 'No name'}</span>
                {identifier ? (
                  <span className="connector-cell__meta">
                    {' '}
                    ID: <code>{identifier}</code>
                  </span>
                ) : null}
              </th>
              <td data-label={outcomes ? 'Result' : 'Preview'}>
                {outcome ? (
                  <span className="import-preview__outcome">
                    <span className={`badge badge--${OUTCOME_TONES[outcome.kind]}`}>
                      {OUTCOME_LABELS[outcome.kind]}
                    </span>
                    {outcome.message ? <span>{outcome.message}</span> : null}
                  </span>
                ) : (
                  <PlanCell plan={plan} index={index} choice={choices[index] ?? 'skip'} onChoose={onChoose} />
                )}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
