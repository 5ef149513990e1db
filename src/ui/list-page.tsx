import type { ReactNode } from 'react'
import { useId } from 'react'
import { SEARCH_TERM_MAX_LENGTH } from '../lib/list-limits'
import { Button } from './button'

export type ListSearch = {
  /** The search box's label ("Search connectors"), read out, not shown. */
  label: string
  placeholder: string
  value: string
  onChange: (value: string) => void
}

export type ListPaging = {
  /** The navigation's name ("Connector pages"). */
  label: string
  pageIndex: number
  /** Undefined when the total is not counted (past a search's counting limit). */
  pageCount: number | undefined
  hasNextPage: boolean
  onPage: (pageIndex: number) => void
}

type Props = {
  search: ListSearch
  /** "1–20 of 35 connectors", or empty while there is nothing to count. */
  count: string
  /** Filters and bulk actions: under the toolbar, above the list. */
  filters?: ReactNode
  /** What the page says about the list (an announcement, a failure, what just happened). */
  notices?: ReactNode
  /** The first page is on its way. */
  pending: boolean
  loadingText: string
  /** The rows' table (a ListTable), when there are rows. */
  table: ReactNode
  hasRows: boolean
  /** An answer came: with no rows, `empty` says why (no match, nothing yet). */
  loaded: boolean
  empty: ReactNode
  /** Undefined when everything fits on one page. */
  paging?: ListPaging | undefined
}

/**
 * What every list page of a scope shares (connectors, secrets): the toolbar with the search and
 * the count, the slots for filters and notices, the table or why there is none, and the pages.
 */
export function ListPage({
  search,
  count,
  filters,
  notices,
  pending,
  loadingText,
  table,
  hasRows,
  loaded,
  empty,
  paging,
}: Props) {
  const searchId = useId()
  return (
    <>
      <div className="toolbar">
        <label htmlFor={searchId} className="visually-hidden">
          {search.label}
        </label>
        <input
          id={searchId}
          className="input toolbar__search"
          type="search"
          maxLength={SEARCH_TERM_MAX_LENGTH}
          placeholder={search.placeholder}
          value={search.value}
          onChange={(event) => search.onChange(event.target.value)}
        />
        <span className="muted toolbar__count" role="status" aria-live="polite">
          {count}
        </span>
      </div>
      {filters}
      {notices}
      {pending ? (
        <p className="muted" role="status">
          {loadingText}
        </p>
      ) : hasRows ? (
        table
      ) : loaded ? (
        <div className="empty-state">{empty}</div>
      ) : null}
      {paging ? <ListPages {...paging} /> : null}
    </>
  )
}

function ListPages({ label, pageIndex, pageCount, hasNextPage, onPage }: ListPaging) {
  return (
    <nav className="pagination" aria-label={label}>
      <Button size="small" disabled={pageIndex === 0} onClick={() => onPage(pageIndex - 1)}>
        Previous page
      </Button>
      <span>
        Page {pageIndex + 1}
        {pageCount === undefined ? '' : ` of ${pageCount}`}
      </span>
      <Button size="small" disabled={!hasNextPage} onClick={() => onPage(pageIndex + 1)}>
        Next page
      </Button>
    </nav>
  )
}

type TableProps = {
  /** The table's name, for screen readers and tests (not shown: the page heading says it). */
  caption: string
  className: string
  /** The header row's cells. */
  columns: ReactNode
  /** The rows. */
  children: ReactNode
}

/** A list page's table: named by its caption, cards on a phone (the `table` styles). */
export function ListTable({ caption, className, columns, children }: TableProps) {
  return (
    <table className={`table ${className}`}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>{columns}</tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  )
}
