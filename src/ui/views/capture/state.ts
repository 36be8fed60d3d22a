/** The capture --watch view's state as a pure reducer: refreshes of flow rows, grouping, filter, scroll, help. No React, no sockets. */
import type { FlowRow } from '../../../protocol/capture-flows.js';
import { nextInCycle, promptReducer, scrollTarget, type PromptAction, type PromptState, type ScrollMove } from '../../driver/list-state.js';

/** One refresh: the flows of the last interval, sorted by rate, and the packets of flows beyond the table's bound. */
export interface CaptureSnapshot {
  readonly time: number;
  readonly flows: readonly FlowRow[];
  readonly overflow: number;
}

export type FlowGrouping = 'none' | 'process' | 'host';
export const groupings: readonly FlowGrouping[] = ['none', 'process', 'host'];

export interface CaptureViewState extends PromptState {
  readonly device: string;
  readonly flows: readonly FlowRow[];
  /** Grouped, filtered, sorted: derived once per change, so that scrolling does not redo it. */
  readonly list: readonly FlowRow[];
  /** Packets of flows that did not fit, summed over the whole capture. */
  readonly overflow: number;
  readonly grouping: FlowGrouping;
  /** Lines below the header: the table's header line and its rows. */
  readonly bodyHeight: number;
}

export type CaptureViewAction =
  | { readonly type: 'snapshot'; readonly snapshot: CaptureSnapshot }
  | { readonly type: 'resize'; readonly bodyHeight: number }
  | { readonly type: 'group-next' }
  | PromptAction
  | { readonly type: 'scroll'; readonly move: ScrollMove };

export function initialCaptureViewState(device: string, bodyHeight = 20): CaptureViewState {
  return { device, flows: [], list: [], overflow: 0, grouping: 'none', filter: '', draft: null, help: false, scroll: 0, bodyHeight };
}

/** The host of an end: `[v6]:port` and `v4:port` lose the port; a bare address (no ports) stays. */
export function endHost(end: string): string {
  if (end.startsWith('[')) return end.slice(1, end.indexOf(']'));
  const colon = end.lastIndexOf(':');
  return colon > 0 && end.indexOf(':') === colon ? end.slice(0, colon) : end;
}

const rate = (row: FlowRow) => row.upRate + row.downRate;
const total = (row: FlowRow) => row.upBytes + row.downBytes;
/** By rate, then total bytes, then the ends: the order holds still between equal rows. */
const byRate = (a: FlowRow, b: FlowRow) => rate(b) - rate(a) || total(b) - total(a) || (a.local + a.remote < b.local + b.remote ? -1 : a.local + a.remote > b.local + b.remote ? 1 : 0);

/** One row per process or remote host: rates and bytes summed, `local` saying how many flows. */
export function groupFlows(flows: readonly FlowRow[], grouping: Exclude<FlowGrouping, 'none'>): FlowRow[] {
  const groups = new Map<string, FlowRow[]>();
  for (const flow of flows) {
    const key = grouping === 'process' ? flow.process : endHost(flow.remote);
    groups.set(key, [...(groups.get(key) ?? []), flow]);
  }
  return [...groups].map(([key, members]) => {
    const protos = [...new Set(members.map((m) => m.proto))].sort();
    const hosts = [...new Set(members.map((m) => endHost(m.remote)))];
    const owners = [...new Set(members.map((m) => m.process))];
    const sum = (field: 'upRate' | 'downRate' | 'upBytes' | 'downBytes' | 'packets') => members.reduce((n, m) => n + m[field], 0);
    const single = members.length === 1 ? members[0]! : undefined;
    return {
      proto: protos.join(','),
      local: `${members.length} flow${members.length === 1 ? '' : 's'}`,
      remote: grouping === 'host' ? key : hosts.length === 1 ? hosts[0]! : `${hosts.length} hosts`,
      pid: single?.pid ?? null,
      program: single?.program ?? null,
      process: grouping === 'process' ? key : owners.length === 1 ? owners[0]! : `${owners.length} processes`,
      upRate: sum('upRate'),
      downRate: sum('downRate'),
      upBytes: sum('upBytes'),
      downBytes: sum('downBytes'),
      packets: sum('packets'),
    };
  });
}

const activeFilter = (state: CaptureViewState) => (state.draft ?? state.filter).trim().toLowerCase();

/** The filter matches any of a flow's shown words: protocol, either end, the process. */
const matches = (row: FlowRow, needle: string) => [row.proto, row.local, row.remote, row.process].some((text) => text.toLowerCase().includes(needle));

function derive(state: CaptureViewState): CaptureViewState {
  const needle = activeFilter(state);
  const shown = needle === '' ? state.flows : state.flows.filter((row) => matches(row, needle));
  const list = (state.grouping === 'none' ? [...shown] : groupFlows(shown, state.grouping)).sort(byRate);
  return clampScroll({ ...state, list });
}

/** Rows of the table on screen: the body less the table's header line. */
export const pageSize = (state: CaptureViewState): number => Math.max(1, state.bodyHeight - 1);

function clampScroll(state: CaptureViewState): CaptureViewState {
  const max = Math.max(0, state.list.length - pageSize(state));
  const scroll = Math.min(Math.max(0, state.scroll), max);
  return scroll === state.scroll ? state : { ...state, scroll };
}

export function captureViewReducer(state: CaptureViewState, action: CaptureViewAction): CaptureViewState {
  switch (action.type) {
    case 'snapshot':
      return derive({ ...state, flows: action.snapshot.flows, overflow: state.overflow + action.snapshot.overflow });
    case 'resize':
      return clampScroll({ ...state, bodyHeight: Math.max(2, action.bodyHeight) });
    case 'group-next':
      return derive({ ...state, grouping: nextInCycle(groupings, state.grouping), scroll: 0 });
    case 'filter-open':
    case 'filter-type':
    case 'filter-erase':
    case 'filter-apply':
    case 'filter-clear':
    case 'help':
      return promptReducer(state, action, derive);
    case 'scroll':
      return clampScroll({ ...state, scroll: scrollTarget(state.scroll, pageSize(state), state.list.length, action.move) });
  }
}

/** The rows on screen, from the scroll position. */
export function visibleFlows(state: CaptureViewState): readonly FlowRow[] {
  return state.list.slice(state.scroll, state.scroll + pageSize(state));
}
