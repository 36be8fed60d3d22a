/** A table of declared, fitted columns: the header line with the sort mark, then one line per row. */
import { Text } from 'ink';
import { cellText, columnGap, headerLine, type FittedColumn } from './columns.js';
import type { Style, Theme } from '../theme.js';

export interface TableProps<Id extends string, Row, Context> {
  readonly columns: readonly FittedColumn<Id, Row, Context>[];
  readonly rows: readonly Row[];
  readonly context: Context;
  readonly sort: { readonly column: string; readonly descending: boolean } | null;
  readonly theme: Theme;
  readonly rowKey: (row: Row) => string;
  readonly rowStyle?: (row: Row) => Style;
  /** A cell's own colour (a state's), where the row's style leaves room for one. */
  readonly cellStyle?: (id: Id, text: string, row: Row) => Style | undefined;
}

export function Table<Id extends string, Row, Context>({ columns, rows, context, sort, theme, rowKey, rowStyle, cellStyle }: TableProps<Id, Row, Context>) {
  return (
    <>
      <Text wrap="truncate-end" {...theme.columnHeader}>
        {headerLine(columns, sort)}
      </Text>
      {rows.map((row) => {
        const cells = columns.map((column, index) => {
          const text = cellText(column, row, context);
          const cell = (index > 0 ? columnGap : '') + text;
          const style = cellStyle?.(column.declaration.id, text.trim(), row);
          return style ? (
            <Text key={column.declaration.id} {...style}>
              {cell}
            </Text>
          ) : (
            cell
          );
        });
        return (
          <Text key={rowKey(row)} wrap="truncate-end" {...(rowStyle?.(row) ?? {})}>
            {cells}
          </Text>
        );
      })}
    </>
  );
}
