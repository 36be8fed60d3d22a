import { describe, expect, it } from 'vitest';
import type { FlowRow } from '../../../src/protocol/capture-flows.js';
import { captureViewReducer, endHost, groupFlows, initialCaptureViewState, visibleFlows, type CaptureViewState } from '../../../src/ui/views/capture/state.js';

const flow = (local: string, remote: string, process: string, upRate: number, downRate: number, proto = 'tcp'): FlowRow => ({
  proto,
  local,
  remote,
  pid: null,
  program: null,
  process,
  upRate,
  downRate,
  upBytes: upRate * 2,
  downBytes: downRate * 2,
  packets: 1,
});

const rows = [
  flow('10.0.0.5:40000', '203.0.113.9:443', 'curl (7)', 10, 10),
  flow('10.0.0.5:40001', '203.0.113.9:443', 'curl (7)', 500, 0),
  flow('[2001:db8::1]:5000', '[2001:db8::2]:53', 'unknown', 0, 100, 'udp'),
  flow('10.0.0.5', '10.0.0.1', 'unknown', 0, 1, 'icmp'),
];

const withRows = (state: CaptureViewState = initialCaptureViewState('any', 10)) => captureViewReducer(state, { type: 'snapshot', snapshot: { time: 0, flows: rows, overflow: 2 } });

describe('capture view state', () => {
  it.each([
    ['203.0.113.9:443', '203.0.113.9'],
    ['[2001:db8::2]:53', '2001:db8::2'],
    ['10.0.0.1', '10.0.0.1'],
    ['2001:db8::2', '2001:db8::2'],
  ])('endHost(%s) is %s', (end, host) => expect(endHost(end)).toBe(host));

  it('sorts by rate, up plus down, highest first', () => {
    expect(withRows().list.map((row) => row.local)).toEqual(['10.0.0.5:40001', '[2001:db8::1]:5000', '10.0.0.5:40000', '10.0.0.5']);
  });

  it('counts overflow over the whole capture', () => {
    const state = captureViewReducer(withRows(), { type: 'snapshot', snapshot: { time: 1, flows: rows, overflow: 3 } });
    expect(state.overflow).toBe(5);
  });

  it('g cycles none → by process → by remote host → none, summing each group', () => {
    const byProcess = captureViewReducer(withRows(), { type: 'group-next' });
    expect(byProcess.grouping).toBe('process');
    expect(byProcess.list.map((row) => [row.process, row.local, row.remote, row.upRate + row.downRate, row.proto])).toEqual([
      ['curl (7)', '2 flows', '203.0.113.9', 520, 'tcp'],
      ['unknown', '2 flows', '2 hosts', 101, 'icmp,udp'],
    ]);
    const byHost = captureViewReducer(byProcess, { type: 'group-next' });
    expect(byHost.list.map((row) => [row.remote, row.local, row.process])).toEqual([
      ['203.0.113.9', '2 flows', 'curl (7)'],
      ['2001:db8::2', '1 flow', 'unknown'],
      ['10.0.0.1', '1 flow', 'unknown'],
    ]);
    expect(captureViewReducer(byHost, { type: 'group-next' }).grouping).toBe('none');
  });

  it('filters by protocol, address, port or process as it is typed', () => {
    let state = captureViewReducer(withRows(), { type: 'filter-open' });
    state = captureViewReducer(state, { type: 'filter-type', text: ':443' });
    expect(state.list).toHaveLength(2);
    state = captureViewReducer(state, { type: 'filter-clear' });
    state = captureViewReducer(captureViewReducer(state, { type: 'filter-open' }), { type: 'filter-type', text: 'UDP' });
    expect(state.list.map((row) => row.proto)).toEqual(['udp']);
  });

  it('scrolls within the list, a page being the body less the header line', () => {
    const state = captureViewReducer(withRows(initialCaptureViewState('any', 3)), { type: 'scroll', move: 'end' });
    expect(state.scroll).toBe(2);
    expect(visibleFlows(state)).toHaveLength(2);
  });

  it('groups nothing from nothing', () => expect(groupFlows([], 'host')).toEqual([]));
});
