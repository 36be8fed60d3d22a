/** The capture --watch table's columns, declared once: layout and cells read these. Pure strings; no Ink. */
import type { FlowRow } from '../../../protocol/capture-flows.js';
import { formatRate } from '../../../render/rate.js';
import { formatBytes } from '../../../render/serve-log.js';
import type { ColumnDeclaration } from '../../driver/columns.js';

export type FlowColumnId = 'proto' | 'local' | 'remote' | 'process' | 'up' | 'down' | 'total';

type FlowColumn = ColumnDeclaration<FlowColumnId, FlowRow>;

export const flowTotal = (row: FlowRow): number => row.upBytes + row.downBytes;

/**
 * Rates are what the view is for: they stay before the local end (cut in the middle, the port kept),
 * the process, the protocol and the total give way; the remote end is the one shown whole.
 */
export const flowColumns: readonly FlowColumn[] = [
  { id: 'proto', header: 'proto', kind: 'text', min: 5, preferred: 5, priority: 4, align: 'left', format: (r) => r.proto },
  { id: 'local', header: 'local', kind: 'text', min: 12, preferred: 47, priority: 2, align: 'left', cut: 'middle', format: (r) => r.local },
  { id: 'remote', header: 'remote', kind: 'identity', min: 12, preferred: 47, priority: 0, align: 'left', cut: 'middle', format: (r) => r.remote },
  { id: 'process', header: 'process', kind: 'text', min: 8, preferred: 24, priority: 3, align: 'left', cut: 'end', grow: true, format: (r) => r.process },
  { id: 'up', header: 'up', kind: 'number', min: 9, preferred: 10, priority: 1, align: 'right', format: (r) => formatRate(r.upRate) },
  { id: 'down', header: 'down', kind: 'number', min: 9, preferred: 10, priority: 1, align: 'right', format: (r) => formatRate(r.downRate) },
  { id: 'total', header: 'total', kind: 'number', min: 10, preferred: 10, priority: 5, align: 'right', format: (r) => formatBytes(flowTotal(r)) },
];
