import type { ReactNode } from 'react';
import { TableWrap } from './ui';

/** One column of a `Table`: its heading and how a row fills its cell. */
export interface Column<T> {
  header: ReactNode;
  cell: (row: T, index: number) => ReactNode;
  /** A number column: right-aligned heading and cells. */
  num?: boolean;
  /** Extra class of the cells (`mono`, `wrap`, `nowrap`, or one per row). */
  className?: string | ((row: T) => string | undefined);
  /** The cell names its row (`<th scope="row">`), so screen readers announce it with every other cell. */
  rowHeader?: boolean;
}

const classes = (...c: Array<string | false | undefined>) => c.filter(Boolean).join(' ') || undefined;

/**
 * A data table that scrolls sideways on a phone instead of breaking the page: column headings with
 * `scope="col"`, an optional row-header column, a labelled scroll region (`label`), and an optional
 * sentence instead of an empty table.
 */
export function Table<T>({
  label,
  columns,
  rows,
  rowKey,
  rowClassName,
  caption,
  captionHidden,
  className,
  empty,
}: {
  /** Names the scroll region (and so the table) for assistive technology. */
  label: string;
  columns: ReadonlyArray<Column<T>>;
  rows: readonly T[];
  rowKey: (row: T, index: number) => string;
  rowClassName?: (row: T) => string | undefined;
  caption?: string;
  /** Keep the caption for screen readers only. */
  captionHidden?: boolean;
  className?: string;
  /** Shown instead of the table when there are no rows (the table is shown empty without it). */
  empty?: ReactNode;
}) {
  if (rows.length === 0 && empty !== undefined) return typeof empty === 'string' ? <p>{empty}</p> : <>{empty}</>;
  return (
    <TableWrap label={label}>
      <table className={className}>
        {caption && <caption className={captionHidden ? 'sr-only' : 'muted'}>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={c.num ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={rowKey(row, r)} className={rowClassName?.(row)}>
              {columns.map((c, i) => {
                const className = classes(c.num && 'num', typeof c.className === 'function' ? c.className(row) : c.className);
                return c.rowHeader ? (
                  <th key={i} scope="row" className={className}>
                    {c.cell(row, r)}
                  </th>
                ) : (
                  <td key={i} className={className}>
                    {c.cell(row, r)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
