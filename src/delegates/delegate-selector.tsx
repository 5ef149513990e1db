import type { Ref } from 'react'
import type { Scope } from '../lib/scope'
import { Notice } from '../ui/notice'
import { RelativeTime } from '../ui/relative-time'
import { delegateMatches, delegateTags, useDelegates } from './delegate-api'
import { DelegateTagEntry } from './delegate-tag-entry'

export type DelegateSelection = { mode: 'any' | 'tagged'; selectors: string[] }

type Props = {
  scope: Scope
  value: DelegateSelection
  onChange: (value: DelegateSelection) => void
  error?: string
  firstInputRef?: Ref<HTMLInputElement>
}

export const DELEGATE_MODE_LABELS = {
  any: 'Use any available Delegate',
  tagged: 'Only use Delegates with all of the following tags',
} as const

/** Which delegates may run this connector's tasks, with the delegates each choice allows. */
export function DelegateSelector({ scope, value, onChange, error, firstInputRef }: Props) {
  const delegates = useDelegates(scope)
  const all = delegates.data ?? []
  // The delegates' own tags to tick; a chosen tag no delegate has shows as a chip (DelegateTagEntry).
  const tags = [...new Set(all.flatMap(delegateTags))].sort()
  const tagged = value.mode === 'tagged'
  const matching = all.filter((delegate) => delegateMatches(delegate, tagged ? value.selectors : []))
  const connectedMatching = matching.filter((delegate) => delegate.activelyConnected)

  return (
    <div className="delegate-selector">
      <fieldset className="radio-group">
        <legend className="visually-hidden">Delegates</legend>
        {(['any', 'tagged'] as const).map((mode, index) => (
          <label key={mode} className="radio">
            <input
              type="radio"
              name="delegate-mode"
              ref={index === 0 ? firstInputRef : undefined}
              checked={value.mode === mode}
              onChange={() => onChange({ mode, selectors: [] })}
            />
            {DELEGATE_MODE_LABELS[mode]}
          </label>
        ))}
      </fieldset>

      {tagged ? (
        <fieldset className="delegate-selector__tags" aria-describedby={error ? 'delegate-tags-error' : undefined}>
          <legend>Delegate tags</legend>
          {delegates.isPending ? (
            <p className="muted" role="status">
              Loading delegates…
            </p>
          ) : null}
          <div className="tag-options">
            {tags.map((tag) => (
              <label key={tag} className="tag-option">
                <input
                  type="checkbox"
                  checked={value.selectors.includes(tag)}
                  onChange={(event) =>
                    onChange({
                      mode: 'tagged',
                      selectors: event.target.checked
                        ? [...value.selectors, tag]
                        : value.selectors.filter((selector) => selector !== tag),
                    })
                  }
                />
                {tag}
              </label>
            ))}
          </div>
          <DelegateTagEntry
            selectors={value.selectors}
            onChange={(selectors) => onChange({ mode: 'tagged', selectors })}
          />
          {error ? (
            <p id="delegate-tags-error" className="field__error" role="alert">
              {error}
            </p>
          ) : null}
        </fieldset>
      ) : null}

      {delegates.isError ? (
        <Notice tone="warning" role="alert">
          The delegate list could not be loaded ({delegates.error.message}). It will be tried again in 5 seconds.
        </Notice>
      ) : null}

      {delegates.data ? (
        <>
          <p className="delegate-selector__count" role="status" aria-live="polite">
            {matching.length === 0
              ? `0 delegates match: none of the ${all.length} has all of these tags`
              : `${matching.length} of ${all.length} delegates match, ${connectedMatching.length} connected`}
          </p>
          {tagged && value.selectors.length > 0 && matching.length === 0 ? (
            <Notice tone="info">
              No delegate has all of these tags yet, so a connection test now would fail. A delegate started later with
              these tags will take the tests; you can save now.
            </Notice>
          ) : tagged && value.selectors.length > 0 && connectedMatching.length === 0 ? (
            <Notice tone="warning">
              No connected delegate has all of these tags, so the connection test will fail. Remove a tag, or install a
              delegate with them; you can still save.
            </Notice>
          ) : null}
          <table className="table delegate-table">
            <caption className="visually-hidden">Delegates and whether they match</caption>
            <thead>
              <tr>
                <th scope="col">Delegate</th>
                <th scope="col">Heartbeat</th>
                <th scope="col">Tags</th>
                <th scope="col">Matches</th>
              </tr>
            </thead>
            <tbody>
              {all.map((delegate) => {
                const matches = delegateMatches(delegate, tagged ? value.selectors : [])
                return (
                  <tr key={delegate.delegateGroupIdentifier}>
                    <th scope="row">{delegate.groupName}</th>
                    <td>
                      <span className={`dot dot--${delegate.activelyConnected ? 'ok' : 'off'}`} aria-hidden="true" />
                      {delegate.activelyConnected ? 'Connected' : 'Disconnected'} ·{' '}
                      <RelativeTime timestamp={delegate.lastHeartBeat} />
                    </td>
                    <td>{delegate.groupCustomSelectors.join(', ')}</td>
                    <td>{matches ? 'Yes' : 'No'}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  )
}
