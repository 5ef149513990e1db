import { useId, useState } from 'react'
import type { ConnectorTypeDefinition } from '../../connector-types/connector-type'
import { CATEGORY_LABELS, CONNECTOR_TYPES } from '../../connector-types/registry'
import { Button } from '../../ui/button'
import { Dialog } from '../../ui/dialog'
import { LoadFailedNotice } from '../../ui/load-failed-notice'
import { Notice } from '../../ui/notice'
import { TypeIcon } from '../../ui/type-icon'
import { useCatalogue } from '../connector-api'
import { otherCategoryHints, searchConnectorTypes } from './catalog-search'

type Props = {
  accountIdentifier: string
  onPick: (type: string) => void
  onClose: () => void
  /** Offered when the opener can create a connector from YAML instead. */
  onCreateViaYaml?: () => void
}

/** The catalog of connector types, grouped by category; the server says which types it supports. */
export function ConnectorCatalog({ accountIdentifier, onPick, onClose, onCreateViaYaml }: Props) {
  const [query, setQuery] = useState('')
  const searchId = useId()
  const catalogue = useCatalogue(accountIdentifier)
  const supported = new Set(catalogue.data?.catalogue.flatMap((entry) => entry.connectors) ?? [])
  const types = catalogue.data ? CONNECTOR_TYPES.filter((type) => supported.has(type.type)) : []
  const matches = searchConnectorTypes(types, query)
  const hints = otherCategoryHints(query)
  const categories = [...new Set(matches.map((type) => type.category))]

  return (
    <Dialog open onRequestClose={onClose} title="New Connector" size="drawer" initialFocus='input[type="search"]'>
      <div className="catalog">
        <label htmlFor={searchId} className="visually-hidden">
          Search connector types
        </label>
        <input
          id={searchId}
          className="input"
          type="search"
          placeholder="Search connector types, e.g. ECR, Harbor, Helm"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          autoComplete="off"
        />
        {onCreateViaYaml ? (
          <p className="catalog__yaml">
            Have the connector's YAML?{' '}
            <Button variant="link" onClick={onCreateViaYaml}>
              Create via YAML
            </Button>
          </p>
        ) : null}
        {hints.map((hint) => (
          <Notice key={hint} tone="info" role="status">
            {hint}
          </Notice>
        ))}
        {catalogue.isPending ? (
          <p className="muted" role="status">
            Loading connector types…
          </p>
        ) : null}
        {catalogue.isError ? (
          <LoadFailedNotice title="The catalog could not be loaded" error={catalogue.error} />
        ) : null}
        {catalogue.data && matches.length === 0 && hints.length === 0 ? (
          <p className="muted" role="status">
            No connector type matches “{query}”.
          </p>
        ) : null}
        {categories.map((category) => (
          <section key={category} className="catalog__category" aria-labelledby={`${searchId}-${category}`}>
            <h3 id={`${searchId}-${category}`} className="catalog__category-title">
              {CATEGORY_LABELS[category]}
            </h3>
            <ul className="catalog__items">
              {matches
                .filter((type) => type.category === category)
                .map((type) => (
                  <li key={type.type}>
                    <CatalogItem type={type} onPick={onPick} />
                  </li>
                ))}
            </ul>
          </section>
        ))}
      </div>
    </Dialog>
  )
}

function CatalogItem({ type, onPick }: { type: ConnectorTypeDefinition; onPick: (type: string) => void }) {
  const summaryId = useId()
  return (
    <button
      type="button"
      className="catalog-item"
      onClick={() => onPick(type.type)}
      aria-label={type.label}
      aria-describedby={summaryId}
    >
      <TypeIcon monogram={type.icon.monogram} background={type.icon.background} size="large" />
      <span className="catalog-item__text">
        <span className="catalog-item__label">{type.label}</span>
        <span className="catalog-item__summary" id={summaryId}>
          {type.summary}
        </span>
      </span>
    </button>
  )
}
