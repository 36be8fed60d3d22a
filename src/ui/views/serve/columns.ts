/** The serve --tui tables' columns, declared once: sort, search and layout all read these. Pure strings; no Ink. */
import type { ClientSnapshot } from '../../../protocol/serve-events.js';
import { formatRate } from '../../../render/rate.js';
import { formatBytes, formatDuration } from '../../../render/serve-log.js';
import type { ColumnDeclaration } from '../../driver/columns.js';

/** A connected client with its rates since the previous refresh. */
export interface ServeClientRow extends ClientSnapshot {
  readonly rateIn: number;
  readonly rateOut: number;
}

export type ClientColumnId = 'client' | 'since' | 'in' | 'out' | 'rateIn' | 'rateOut';

/** What the cells need besides the row: the time of the refresh. */
export interface ClientContext {
  readonly nowMs: number;
}

type ClientColumn = ColumnDeclaration<ClientColumnId, ServeClientRow, ClientContext>;

const byNumber = (a: number, b: number) => a - b;

export const clientColumns: readonly ClientColumn[] = [
  {
    id: 'client',
    header: 'client',
    kind: 'identity',
    min: 15,
    preferred: 47,
    priority: 0,
    align: 'left',
    cut: 'middle',
    format: (r) => r.client,
    compare: (a, b) => (a.client < b.client ? -1 : a.client > b.client ? 1 : 0),
  },
  // Oldest first: the order clients came in.
  { id: 'since', header: 'since', kind: 'number', min: 10, preferred: 10, priority: 3, align: 'right', format: (r, c) => formatDuration(Math.max(0, c.nowMs - r.sinceMs)), compare: (a, b) => byNumber(a.sinceMs, b.sinceMs) || a.id - b.id },
  { id: 'in', header: 'in', kind: 'number', min: 9, preferred: 9, priority: 4, align: 'right', format: (r) => formatBytes(r.bytesIn), compare: (a, b) => byNumber(a.bytesIn, b.bytesIn), descendingFirst: true },
  { id: 'out', header: 'out', kind: 'number', min: 9, preferred: 9, priority: 4, align: 'right', format: (r) => formatBytes(r.bytesOut), compare: (a, b) => byNumber(a.bytesOut, b.bytesOut), descendingFirst: true },
  { id: 'rateIn', header: 'rate in', kind: 'number', min: 9, preferred: 10, priority: 1, align: 'right', format: (r) => formatRate(r.rateIn), compare: (a, b) => byNumber(a.rateIn, b.rateIn), descendingFirst: true },
  { id: 'rateOut', header: 'rate out', kind: 'number', min: 9, preferred: 10, priority: 2, align: 'right', format: (r) => formatRate(r.rateOut), compare: (a, b) => byNumber(a.rateOut, b.rateOut), descendingFirst: true },
];

/** The order `s` steps through. */
export const clientSortColumns = ['since', 'client', 'in', 'out', 'rateIn', 'rateOut'] as const satisfies readonly ClientColumnId[];
export type ClientSortColumn = (typeof clientSortColumns)[number];

export const clientColumn = (id: ClientColumnId): ClientColumn => clientColumns.find((c) => c.id === id)!;

/** A connection that has closed, for the recently-closed area. */
export interface ClosedRow {
  readonly id: number;
  readonly client: string;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly durationMs: number;
  readonly closedMs: number;
  readonly reason?: string;
}

export type ClosedColumnId = 'client' | 'ago' | 'lasted' | 'in' | 'out' | 'reason';

type ClosedColumn = ColumnDeclaration<ClosedColumnId, ClosedRow, ClientContext>;

export const closedColumns: readonly ClosedColumn[] = [
  { id: 'client', header: 'closed', kind: 'identity', min: 15, preferred: 47, priority: 0, align: 'left', cut: 'middle', format: (r) => r.client },
  { id: 'ago', header: 'ago', kind: 'number', min: 8, preferred: 8, priority: 1, align: 'right', format: (r, c) => formatDuration(Math.max(0, c.nowMs - r.closedMs)) },
  { id: 'lasted', header: 'lasted', kind: 'number', min: 10, preferred: 10, priority: 3, align: 'right', format: (r) => formatDuration(r.durationMs) },
  { id: 'in', header: 'in', kind: 'number', min: 9, preferred: 9, priority: 2, align: 'right', format: (r) => formatBytes(r.bytesIn) },
  { id: 'out', header: 'out', kind: 'number', min: 9, preferred: 9, priority: 2, align: 'right', format: (r) => formatBytes(r.bytesOut) },
  { id: 'reason', header: 'why', kind: 'text', min: 6, preferred: 30, priority: 4, align: 'left', grow: true, format: (r) => r.reason ?? 'client left' },
];
