/** Table columns declared once (header, widths, priority, formatter, comparator, search text) and fitted to a width. Pure strings; no Ink. */
import { displayWidth } from '../../render/width.js';

/**
 * identity: says which row it is (an address with its port, a state, an owner): full text before
 * anything else gets space. number: never cut; its compact form where the full one does not fit.
 * text: may be shortened with `…`.
 */
export type ColumnKind = 'identity' | 'number' | 'text';

export interface ColumnDeclaration<Id extends string, Row, Context = undefined> {
  readonly id: Id;
  readonly header: string;
  readonly kind: ColumnKind;
  /** The narrowest it is worth showing at (a number's widest compact form). */
  readonly min: number;
  /** Most columns it takes however long its text (a full IPv6 end and port: 47). */
  readonly preferred: number;
  /** Lower keeps its place longer: columns are dropped from the highest number down, those sharing one together (Rx and Tx). */
  readonly priority: number;
  readonly align: 'left' | 'right';
  /** Addresses lose their middle (the port stays visible); names lose their end. */
  readonly cut?: 'middle' | 'end';
  /** Takes the width left over once every column has what it wants. */
  readonly grow?: boolean;
  readonly format: (row: Row, context: Context) => string;
  /** A number's short form (`31.7K`), shown where the full one does not fit. */
  readonly compact?: (row: Row, context: Context) => string;
  /** Ascending order; a column without one cannot be a sort column. */
  readonly compare?: (a: Row, b: Row) => number;
  /** Bigger is more interesting (queues, rates): sorts descending until reversed, like top. */
  readonly descendingFirst?: boolean;
}

export interface FittedColumn<Id extends string, Row, Context = undefined> {
  readonly declaration: ColumnDeclaration<Id, Row, Context>;
  readonly width: number;
}

export const columnGap = ' ';

/** Room for the header and a sort mark beside it: the ▲ never takes a header's letter. */
const needed = (c: ColumnDeclaration<string, never, never>) => Math.max(c.min, displayWidth(c.header) + 1);

/**
 * Widths for a terminal `width` wide (one column kept spare: a line that fills the width makes some
 * terminals wrap). `content` is the widest text of each column in the rows on screen. Identity
 * columns get their full text first; the others shrink to their minimum, then drop by priority.
 */
export function fitColumns<Id extends string, Row, Context>(
  declarations: readonly ColumnDeclaration<Id, Row, Context>[],
  width: number,
  content: ReadonlyMap<Id, number> = new Map(),
): FittedColumn<Id, Row, Context>[] {
  const budget = Math.max(1, width - 1);
  const want = (c: ColumnDeclaration<Id, Row, Context>) => Math.max(needed(c), Math.min(c.preferred, content.get(c.id) ?? c.preferred));
  let kept = [...declarations].sort((a, b) => a.priority - b.priority);
  const gaps = (columns: readonly unknown[]) => Math.max(0, columns.length - 1) * columnGap.length;
  const floor = (columns: typeof kept, full: (c: (typeof kept)[number]) => boolean) =>
    columns.reduce((sum, c) => sum + (full(c) ? want(c) : needed(c)), 0) + gaps(columns);
  // First, rates and counters give way to identity columns at their full width.
  while (kept.length > 1 && floor(kept, (c) => c.kind === 'identity') > budget && kept.some((c) => c.kind !== 'identity')) {
    const drop = kept.findLast((c) => c.kind !== 'identity')!.priority;
    kept = kept.filter((c) => c.kind === 'identity' || c.priority !== drop);
  }
  // The least important identity column (the owner) gives way if that leaves the others whole;
  // else all of them share the width, shortened with `…`.
  const full = (c: (typeof kept)[number]) => c.kind === 'identity';
  if (kept.length > 2 && floor(kept, full) > budget && floor(kept.slice(0, -1), full) <= budget) kept = kept.slice(0, -1);
  // Where even their minimums do not fit, the least important go.
  while (kept.length > 1 && floor(kept, () => false) > budget) kept = kept.slice(0, -1);
  const widths = new Map(kept.map((c) => [c.id, needed(c)]));
  let left = budget - floor(kept, () => false);
  for (const kind of ['identity', 'number', 'text'] as const) {
    for (const c of kept) {
      if (c.kind !== kind || left <= 0) continue;
      const more = Math.min(left, want(c) - widths.get(c.id)!);
      if (more > 0) {
        widths.set(c.id, widths.get(c.id)! + more);
        left -= more;
      }
    }
  }
  const grower = kept.find((c) => c.grow);
  if (grower && left > 0) widths.set(grower.id, widths.get(grower.id)! + left);
  return declarations.filter((c) => widths.has(c.id)).map((declaration) => ({ declaration, width: widths.get(declaration.id)! }));
}

/** The widest text of each column over these rows: what `fitColumns` gives identity columns first. */
export function contentWidths<Id extends string, Row, Context>(
  declarations: readonly ColumnDeclaration<Id, Row, Context>[],
  rows: readonly Row[],
  context: Context,
): Map<Id, number> {
  const widths = new Map<Id, number>();
  for (const c of declarations) {
    let widest = 0;
    for (const row of rows) widest = Math.max(widest, displayWidth(c.format(row, context)));
    widths.set(c.id, widest);
  }
  return widths;
}

/** Shortens text to `width` display columns with `…`, keeping both ends (middle) or the start (end). */
export function fitText(text: string, width: number, cut: 'middle' | 'end'): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  if (width === 1) return '…';
  const chars = [...text];
  if (cut === 'end') {
    let out = '';
    for (const char of chars) {
      if (displayWidth(out + char) > width - 1) break;
      out += char;
    }
    return `${out}…`;
  }
  const tailWidth = Math.floor((width - 1) / 2);
  const headWidth = width - 1 - tailWidth;
  let head = '';
  for (const char of chars) {
    if (displayWidth(head + char) > headWidth) break;
    head += char;
  }
  let tail = '';
  for (const char of chars.reverse()) {
    if (displayWidth(char + tail) > tailWidth) break;
    tail = char + tail;
  }
  return `${head}…${tail}`;
}

/** `text` padded to exactly `width` on the column's side. */
export function padCell(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** A row's cell at its fitted width: numbers in full or compact, never cut; other text shortened with `…`. */
export function cellText<Id extends string, Row, Context>(column: FittedColumn<Id, Row, Context>, row: Row, context: Context): string {
  const { declaration: c, width } = column;
  let text = c.format(row, context);
  if (c.kind === 'number') {
    if (displayWidth(text) > width && c.compact) text = c.compact(row, context);
    // Wider than declared: shown whole, pushing the line, rather than as a wrong number.
    return padCell(text, width, c.align);
  }
  return padCell(fitText(text, width, c.cut ?? 'end'), width, c.align);
}

/** Header text with ▲ (ascending) or ▼ (descending) on the column that orders the rows. */
export function headerText<Id extends string>(column: FittedColumn<Id, never, never>, sort: { readonly column: string; readonly descending: boolean } | null): string {
  const { declaration: c, width } = column;
  const mark = sort && sort.column === c.id ? (sort.descending ? '▼' : '▲') : '';
  return padCell(fitText(c.align === 'right' ? `${mark}${c.header}` : `${c.header}${mark}`, width, 'end'), width, c.align);
}

/** The whole header line. */
export function headerLine<Id extends string, Row, Context>(columns: readonly FittedColumn<Id, Row, Context>[], sort: { readonly column: string; readonly descending: boolean } | null): string {
  return columns.map((column) => headerText(column as FittedColumn<Id, never, never>, sort)).join(columnGap).trimEnd();
}

/** `31670` → `31.7K`, `1234567` → `1.2M`: at most 5 columns for any count. */
export function formatCompactCount(n: number): string {
  if (n < 10_000) return String(n);
  const units = ['K', 'M', 'G', 'T'];
  let value = n;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  if (value >= 999.5 && unit < units.length - 1) return `1.0${units[unit + 1]}`;
  const text = value < 99.95 ? value.toFixed(1) : String(Math.round(value));
  return `${text}${units[unit]}`;
}

/**
 * Sorted by a column (numbers descending first), ties broken by the `ties` columns so rows keep
 * still, then by `key`.
 */
export function sortByColumn<Row>(
  rows: readonly Row[],
  column: { readonly compare?: (a: Row, b: Row) => number; readonly descendingFirst?: boolean },
  reverse: boolean,
  ties: readonly ((a: Row, b: Row) => number)[],
  key: (row: Row) => string,
): Row[] {
  const compare = column.compare ?? (() => 0);
  const direction = (column.descendingFirst ? -1 : 1) * (reverse ? -1 : 1);
  return [...rows].sort((x, y) => {
    const primary = direction * compare(x, y);
    if (primary !== 0) return primary;
    for (const tie of ties) {
      const order = tie(x, y);
      if (order !== 0) return order;
    }
    const a = key(x);
    const b = key(y);
    return a < b ? -1 : a > b ? 1 : 0;
  });
}
