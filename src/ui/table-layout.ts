/** Column widths and cell text of the live table, fitted to the terminal's width. Pure strings; no Ink. */
import { formatOwner, type GroupRow, type WatchRow } from '../protocol/watch-rows.js';
import { formatRateCell } from '../render/rate.js';
import { displayWidth } from '../render/width.js';

export interface ColumnSpec {
  readonly id: string;
  readonly header: string;
  readonly width: number;
  readonly align: 'left' | 'right';
  /** Addresses lose their middle (the port stays visible); names lose their end. */
  readonly cut: 'middle' | 'end';
  /** What ordering this column shows (a sort column, or `count` in the grouped view), for the ▲/▼ mark. */
  readonly sort?: string;
}

const gap = ' ';

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

/** A cell padded (or cut) to exactly its column's width. */
export function fitCell(text: string, column: ColumnSpec): string {
  const fitted = fitText(text, column.width, column.cut);
  const fill = ' '.repeat(Math.max(0, column.width - displayWidth(fitted)));
  return column.align === 'right' ? fill + fitted : fitted + fill;
}

/** Header text with ▲ (ascending) or ▼ (descending) on the column that orders the rows. */
export function headerCell(column: ColumnSpec, sort: string, descending: boolean): string {
  const mark = column.sort === sort ? (descending ? '▼' : '▲') : '';
  return fitCell(column.align === 'right' ? `${mark}${column.header}` : `${column.header}${mark}`, column);
}

const column = (id: string, header: string, width: number, align: 'left' | 'right', cut: 'middle' | 'end', sort?: string): ColumnSpec => ({
  id,
  header,
  width,
  align,
  cut,
  ...(sort ? { sort } : {}),
});

/**
 * Proto, queues, both ends, state, rates and owner. Queues go first when the width is short;
 * the ends share what is left with the owner, which gets the remainder.
 */
export function connectionColumns(width: number): ColumnSpec[] {
  const fixed = [
    column('proto', 'Proto', 5, 'left', 'end', 'proto'),
    column('recvQ', 'Recv-Q', 6, 'right', 'end', 'recvQ'),
    column('sendQ', 'Send-Q', 6, 'right', 'end', 'sendQ'),
  ];
  const tail = [column('state', 'State', 11, 'left', 'end', 'state'), column('rx', 'Rx/s', 10, 'right', 'end', 'rx'), column('tx', 'Tx/s', 10, 'right', 'end', 'tx')];
  let head = fixed;
  const used = (columns: ColumnSpec[]) => columns.reduce((sum, c) => sum + c.width, 0) + (columns.length + 3) * gap.length;
  if (width - used([...head, ...tail]) < 45) head = head.filter((c) => c.id === 'proto');
  const rest = Math.max(12, width - used([...head, ...tail]));
  // Ends get 40% each (room for `[::ffff:127.0.0.1]:54488`, never more than a full IPv6 end and
  // port), unless that leaves the owner fewer than 16 columns (`12345/postgres`).
  const ownerMin = Math.min(16, Math.floor(rest / 3));
  let endWidth = Math.min(47, Math.floor(rest * 0.4));
  if (rest - 2 * endWidth < ownerMin) endWidth = Math.floor((rest - ownerMin) / 2);
  endWidth = Math.max(5, endWidth);
  const ownerWidth = Math.max(1, rest - 2 * endWidth);
  return [
    ...head,
    column('local', 'Local Address', endWidth, 'left', 'middle', 'local'),
    column('remote', 'Foreign Address', endWidth, 'left', 'middle', 'remote'),
    ...tail,
    column('program', 'PID/Program', ownerWidth, 'left', 'end', 'program'),
  ];
}

/** tcp_info counts bytes of connected TCP sockets that a process holds; others get an empty cell, not `-`. */
function hasRates({ connection: c }: WatchRow): boolean {
  return (c.proto === 'tcp' || c.proto === 'tcp6') && c.inode !== 0 && c.state !== 'LISTEN';
}

/** A cell's text; owners not read yet (a quick first refresh) show as `…`, not as unknown `-`. */
export function connectionCell(id: string, row: WatchRow, ratesAvailable: boolean, ownersKnown = true): string {
  const c = row.connection;
  switch (id) {
    case 'proto':
      return c.proto;
    case 'recvQ':
      return c.recvQ === null ? '-' : String(c.recvQ);
    case 'sendQ':
      return c.sendQ === null ? '-' : String(c.sendQ);
    case 'local':
      return row.local;
    case 'remote':
      return row.remote;
    case 'state':
      return c.state;
    case 'rx':
      return hasRates(row) ? formatRateCell(row.rxRate, ratesAvailable) : '';
    case 'tx':
      return hasRates(row) ? formatRateCell(row.txRate, ratesAvailable) : '';
    case 'program':
      return ownersKnown ? formatOwner(c.pid, c.program) : '…';
    default:
      return '';
  }
}

/** The grouped view: one line per process. */
export function groupColumns(width: number): ColumnSpec[] {
  const sockets = column('count', 'Sockets', 8, 'right', 'end', 'count');
  const rx = column('rx', 'Rx/s', 10, 'right', 'end', 'rx');
  const tx = column('tx', 'Tx/s', 10, 'right', 'end', 'tx');
  const rest = Math.max(20, width - (8 + 10 + 10) - 5 * gap.length);
  const ownerWidth = Math.max(10, Math.floor(rest * 0.4));
  return [
    column('program', 'PID/Program', ownerWidth, 'left', 'end', 'program'),
    sockets,
    rx,
    tx,
    column('states', 'States', Math.max(1, rest - ownerWidth), 'left', 'end'),
  ];
}

export function groupCell(id: string, group: GroupRow, ratesAvailable: boolean): string {
  switch (id) {
    case 'program':
      return formatOwner(group.pid, group.program);
    case 'count':
      return String(group.count);
    case 'rx':
      return formatRateCell(group.rxRate, ratesAvailable);
    case 'tx':
      return formatRateCell(group.txRate, ratesAvailable);
    case 'states':
      return group.states.map(([state, count]) => `${state} ${count}`).join('  ');
    default:
      return '';
  }
}

export const columnGap = gap;
