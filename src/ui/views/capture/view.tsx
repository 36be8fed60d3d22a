/** The capture --watch view on the driver: a totals line, then the flows table sorted by rate, grouped and filtered as asked. */
import { Text } from 'ink';
import { formatRate } from '../../../render/rate.js';
import { contentWidths, fitColumns } from '../../driver/columns.js';
import type { BodyProps, LiveView } from '../../driver/LiveApp.js';
import { Table } from '../../driver/Table.js';
import { flowColumns } from './columns.js';
import { applyCaptureKey, captureKeys } from './keys.js';
import { captureViewReducer, initialCaptureViewState, pageSize, visibleFlows, type CaptureSnapshot, type CaptureViewState } from './state.js';

const groupWords = { none: '', process: '  by process', host: '  by remote host' } as const;

export function CaptureHeader({ state, theme }: BodyProps<CaptureViewState>) {
  const up = state.flows.reduce((sum, row) => sum + row.upRate, 0);
  const down = state.flows.reduce((sum, row) => sum + row.downRate, 0);
  return (
    <Text wrap="truncate-end">
      <Text {...theme.heading}>{`Capturing on ${state.device}: ${state.flows.length} flow${state.flows.length === 1 ? '' : 's'}`}</Text>
      {`  ${formatRate(up)} up  ${formatRate(down)} down`}
      {state.overflow > 0 ? <Text {...theme.dim}>{`  ${state.overflow} packets beyond the flow limit`}</Text> : null}
      {state.grouping !== 'none' ? <Text {...theme.label}>{groupWords[state.grouping]}</Text> : null}
      {state.filter !== '' && state.draft === null ? <Text {...theme.label}>{`  filter "${state.filter}"`}</Text> : null}
    </Text>
  );
}

export function CaptureBody({ state, width, theme }: BodyProps<CaptureViewState>) {
  const rows = visibleFlows(state);
  // Widths from every row, not only those on screen: the columns hold still while scrolling.
  const columns = fitColumns(flowColumns, width, contentWidths(flowColumns, state.list, undefined));
  return (
    <>
      <Table columns={columns} rows={rows} context={undefined} sort={null} theme={theme} rowKey={(row) => `${row.proto} ${row.local} ${row.remote} ${row.process}`} />
      {rows.length === 0 ? <Text {...theme.dim}>{state.flows.length === 0 ? '  no packets yet' : '  no flow matches the filter'}</Text> : null}
    </>
  );
}

/** The view definition the driver runs; `device` is the interface captured on. */
export function captureView(device: string): LiveView<CaptureViewState, CaptureSnapshot> {
  return {
    keys: captureKeys,
    init: (bodyHeight) => initialCaptureViewState(device, bodyHeight),
    snapshot: (state, snapshot) => captureViewReducer(state, { type: 'snapshot', snapshot }),
    resize: (state, bodyHeight) => captureViewReducer(state, { type: 'resize', bodyHeight }),
    key: applyCaptureKey,
    mode: (state) => ({ prompt: state.draft, help: state.help, filter: state.filter }),
    headerLines: () => 1,
    status: (state) => (state.list.length > pageSize(state) ? `${state.scroll + 1}-${Math.min(state.list.length, state.scroll + pageSize(state))} of ${state.list.length} flows` : `${state.list.length} ${state.grouping === 'none' ? 'flow' : 'group'}${state.list.length === 1 ? '' : 's'}`),
    header: (props) => <CaptureHeader {...props} />,
    body: (props) => <CaptureBody {...props} />,
  };
}
