/** The serve --tui view on the driver: service and totals lines, the clients table, the recently-closed area that fades, the last event. */
import { Text } from 'ink';
import type { ServeEvent } from '../../../protocol/serve-events.js';
import { formatRate } from '../../../render/rate.js';
import { formatBytes } from '../../../render/serve-log.js';
import { contentWidths, fitColumns } from '../../driver/columns.js';
import type { BodyProps, LiveView } from '../../driver/LiveApp.js';
import { Table } from '../../driver/Table.js';
import { clientColumn, clientColumns, closedColumns, type ClientContext, type ClosedRow } from './columns.js';
import { applyServeKey, serveKeys } from './keys.js';
import { closedShown, fadeMs, initialServeViewState, serveLayout, serveViewReducer, visibleClients, type ServeSnapshot, type ServeViewState } from './state.js';

export const serveHeaderLines = (rows: number): number => (rows >= 10 ? 2 : 1);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function ServeHeader({ state, theme, height }: BodyProps<ServeViewState>) {
  const title = (
    <Text wrap="truncate-end" {...theme.heading}>
      {`Serving ${state.service} on ${state.address || '…'}: ${state.clients.length} connected, ${state.connections} total, ${state.refused} refused`}
    </Text>
  );
  if (height < 2) return title;
  return (
    <>
      {title}
      <Text wrap="truncate-end">
        <Text {...theme.label}>{state.service}</Text>
        {`  ${plural(state.connections, 'connection')}  ${formatBytes(state.bytesIn)} in  ${formatBytes(state.bytesOut)} out  `}
        <Text {...theme.dim}>now</Text>
        {` ${formatRate(state.rateIn)} in  ${formatRate(state.rateOut)} out`}
        {state.filter !== '' && state.draft === null ? <Text {...theme.label}>{`  filter "${state.filter}"`}</Text> : null}
      </Text>
    </>
  );
}

export function ServeBody({ state, width, theme }: BodyProps<ServeViewState>) {
  const layout = serveLayout(state);
  const context: ClientContext = { nowMs: state.nowMs };
  const clients = visibleClients(state);
  // Widths from every client, not only those on screen: the header stays put with no clients, and while scrolling.
  const columns = fitColumns(clientColumns, width, contentWidths(clientColumns, state.list.length > 0 ? state.list : [], context));
  const sort = { column: state.sort, descending: (clientColumn(state.sort).descendingFirst ?? false) !== state.reverse };
  const closed = closedShown(state).slice(0, layout.closedRows);
  const closedFitted = fitColumns(closedColumns, width, contentWidths(closedColumns, closed, context));
  const fading = (row: ClosedRow) => state.nowMs - row.closedMs >= fadeMs;
  return (
    <>
      <Table columns={columns} rows={clients} context={context} sort={sort} theme={theme} rowKey={(client) => `client ${client.id}`} />
      {clients.length === 0 ? (
        <Text {...theme.dim}>{state.clients.length === 0 ? '  no clients connected' : '  no client matches the filter'}</Text>
      ) : null}
      {Array.from({ length: Math.max(0, layout.pageSize - Math.max(1, clients.length)) }, (_, index) => (
        <Text key={`blank ${index}`}> </Text>
      ))}
      {closed.length > 0 ? (
        <Table columns={closedFitted} rows={closed} context={context} sort={null} theme={theme} rowKey={(row) => `closed ${row.id}`} rowStyle={(row) => (fading(row) ? theme.removed : theme.dim)} />
      ) : null}
      {layout.logLines > 0 ? (
        <Text wrap="truncate-end" {...theme.dim}>
          {state.log.at(-1)}
        </Text>
      ) : null}
    </>
  );
}

/** The view definition the driver runs; `describe` makes an event's log line (render/serve-log.ts). */
export function serveView(service: string, describe: (event: ServeEvent) => string): LiveView<ServeViewState, ServeSnapshot> {
  return {
    keys: serveKeys,
    init: (bodyHeight) => initialServeViewState(service, bodyHeight),
    snapshot: (state, snapshot) => serveViewReducer(state, { type: 'snapshot', snapshot, describe }),
    resize: (state, bodyHeight) => serveViewReducer(state, { type: 'resize', bodyHeight }),
    key: applyServeKey,
    mode: (state) => ({ prompt: state.draft, help: state.help, filter: state.filter }),
    headerLines: serveHeaderLines,
    status: (state) => (state.list.length > serveLayout(state).pageSize ? `${state.scroll + 1}-${Math.min(state.list.length, state.scroll + serveLayout(state).pageSize)} of ${state.list.length} clients` : ''),
    header: (props) => <ServeHeader {...props} />,
    body: (props) => <ServeBody {...props} />,
  };
}
