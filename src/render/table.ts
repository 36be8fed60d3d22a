/** A plain text table whose columns line up by display width (ANSI colours and wide characters). */
import { displayWidth as stringWidth } from './width.js';

export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

export interface TableOptions {
  /** Spaces between columns. */
  readonly gap?: number;
  /** Styles the header row (e.g. bold); widths are measured before styling. */
  readonly styleHeader?: (text: string) => string;
  /** Leave out the header row. */
  readonly noHeader?: boolean;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Renders rows under headers; the last column is not padded, so lines carry no trailing spaces. */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const gap = ' '.repeat(options.gap ?? 2);
  const widths = columns.map((column, i) =>
    Math.max(options.noHeader ? 0 : stringWidth(column.header), ...rows.map((row) => stringWidth(row[i] ?? ''))),
  );
  const line = (cells: readonly string[], style?: (text: string) => string) =>
    columns
      .map((column, i) => {
        const align = column.align ?? 'left';
        const last = i === columns.length - 1;
        const text = cells[i] ?? '';
        const padded = last && align === 'left' ? text : pad(text, widths[i]!, align);
        return style ? style(padded) : padded;
      })
      .join(gap)
      .trimEnd();
  const out: string[] = [];
  if (!options.noHeader) out.push(line(columns.map((c) => c.header), options.styleHeader));
  for (const row of rows) out.push(line(row));
  return out.length ? `${out.join('\n')}\n` : '';
}
