import type { ReactNode } from 'react'

type Props = {
  /** The scrolling region's name, which screen readers announce ("Delegates table"). */
  label: string
  /** What the rows are, read before the table (visually hidden). */
  caption: ReactNode
  /** The column headers; a falsy entry is a column this table leaves out. */
  columns: readonly (string | false | null | undefined)[]
  /** The last column's hidden header, for a column of buttons ("Actions"); none without. */
  buttonsColumn?: string
  className?: string
  /** The rows: each a `<tr>` whose first cell is its `<th scope="row">`, the others with `data-label`. */
  children: ReactNode
}

/**
 * A table that scrolls sideways in its own focusable region, and below the narrow breakpoint
 * stacks each row into a card whose cells say their column (`.stacked-table`, stacked-table.css).
 */
export function StackedTable({ label, caption, columns, buttonsColumn, className, children }: Props) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className={['table', 'stacked-table', className].filter(Boolean).join(' ')}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) =>
              column ? (
                <th key={column} scope="col">
                  {column}
                </th>
              ) : null,
            )}
            {buttonsColumn ? (
              <th scope="col">
                <span className="visually-hidden">{buttonsColumn}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}
