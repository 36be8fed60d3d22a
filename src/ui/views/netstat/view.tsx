/** The netstat live view on the driver: its reducer, keys, header and table (sockets, or groups per process or remote host). */
import { sortIndicator, type DisplayRow, type GroupBy, type GroupRow, type WatchRow } from '../../../protocol/watch-rows.js';
import type { RateScope, WatchSnapshot } from '../../../protocol/watch-view.js';
import { contentWidths, fitColumns } from '../../driver/columns.js';
import type { LiveView } from '../../driver/LiveApp.js';
import { Table } from '../../driver/Table.js';
import type { Style, Theme } from '../../theme.js';
import { groupColumns, socketColumn, socketColumns, type GroupContext, type SocketContext } from './columns.js';
import { Header } from './Header.js';
import { applyKey, netstatKeys } from './keys.js';
import { initialViewState, protocolSet, rateScope, viewReducer, visibleEntries, type ViewOptions, type ViewState } from './state.js';

/** Three header lines where the terminal has room, else one. */
export const netstatHeaderLines = (rows: number): number => (rows >= 10 ? 3 : 1);

function rowStyle(display: DisplayRow, theme: Theme): Style {
  if (display.change === 'new') return theme.added;
  if (display.change === 'gone') return theme.removed;
  return {};
}

const groupHeaders: Readonly<Record<Exclude<GroupBy, 'none'>, string>> = { process: 'PID/Program', remote: 'Remote Host' };
const listeningWords = { hide: 'listening hidden', show: 'listening shown', only: 'listening only' } as const;
const groupWords: Readonly<Record<GroupBy, string>> = { none: '', process: ', by process', remote: ', by remote host' };

export function NetstatBody({ state, width, theme }: { readonly state: ViewState; readonly width: number; readonly theme: Theme }) {
  const entries = visibleEntries(state);
  const ratesAvailable = state.snapshot?.ratesAvailable ?? true;
  if (state.group !== 'none') {
    const groups = entries.flatMap((entry) => (entry.kind === 'group' ? [entry.entry] : []));
    const context: GroupContext = { ratesAvailable };
    const declarations = groupColumns.map((c) => (c.id === 'owner' ? { ...c, header: groupHeaders[state.group as Exclude<GroupBy, 'none'>] } : c));
    const columns = fitColumns(declarations, width, contentWidths(declarations, groups, context));
    const mark = sortIndicator(state.sort, true, state.reverse);
    return (
      <Table
        columns={columns}
        rows={groups}
        context={context}
        sort={{ column: mark.column === 'program' ? 'owner' : mark.column, descending: mark.descending }}
        theme={theme}
        rowKey={(group: GroupRow) => `group ${group.key}`}
        rowStyle={(group: GroupRow) => (group.hasNew ? theme.added : {})}
      />
    );
  }
  const displays = entries.flatMap((entry) => (entry.kind === 'row' ? [entry.entry] : []));
  const rows = displays.map((display) => display.row);
  const changes = new Map<WatchRow, DisplayRow>(displays.map((display) => [display.row, display]));
  const context: SocketContext = { ratesAvailable, ownersKnown: state.snapshot?.ownersKnown ?? true };
  const columns = fitColumns(socketColumns, width, contentWidths(socketColumns, rows, context));
  const mark = sortIndicator(state.sort, false, state.reverse, socketColumn(state.sort).descendingFirst ?? false);
  return (
    <Table
      columns={columns}
      rows={rows}
      context={context}
      sort={mark}
      theme={theme}
      rowKey={(row) => `row ${row.key}`}
      rowStyle={(row) => rowStyle(changes.get(row)!, theme)}
      // Only live rows take the state's colour: a new or gone row keeps its one highlight.
      cellStyle={(id, text, row) => (id === 'state' && changes.get(row)!.change === 'same' ? theme.state(text) : undefined)}
    />
  );
}

export interface NetstatViewSetup {
  readonly host: string;
  readonly intervalMs: number;
  readonly options?: ViewOptions;
}

/** The view definition the driver runs. */
export function netstatView({ host, intervalMs, options }: NetstatViewSetup): LiveView<ViewState, WatchSnapshot, RateScope> {
  return {
    keys: netstatKeys,
    // One line of the body is the table's header.
    init: (bodyHeight) => initialViewState({ ...options, pageSize: bodyHeight - 1 }),
    snapshot: (state, snapshot) => viewReducer(state, { type: 'snapshot', snapshot }),
    resize: (state, bodyHeight) => viewReducer(state, { type: 'resize', pageSize: bodyHeight - 1 }),
    key: applyKey,
    mode: (state) => ({ prompt: state.draft, help: state.help, filter: state.filter }),
    scope: rateScope,
    headerLines: netstatHeaderLines,
    status: (state) => `${protocolSet(state)}, ${listeningWords[state.listening]}${groupWords[state.group]}`,
    header: ({ state, theme, height }) => <Header state={state} host={host} intervalMs={intervalMs} theme={theme} lines={height} />,
    body: ({ state, width, theme }) => <NetstatBody state={state} width={width} theme={theme} />,
  };
}
