import { describe, expect, it } from 'vitest';
import { diffRows, groupRows, sortIndicator } from '../../../src/protocol/watch-rows.js';
import { initialViewState, protocolSet, rateScope, viewReducer, visibleEntries, type ViewAction, type ViewState } from '../../../src/ui/views/netstat/state.js';
import { snapshot, unixRow, watchRow } from '../../helpers/watch-rows.js';

const reduce = (state: ViewState, ...actions: ViewAction[]) => actions.reduce(viewReducer, state);
const shownKeys = (state: ViewState) => state.list.map((e) => (e.kind === 'row' ? e.entry.row.key : e.entry.key));
const shownPorts = (state: ViewState) =>
  state.list.map((e) => (e.kind === 'row' && e.entry.row.connection.proto !== 'unix' ? e.entry.row.connection.local.port : null));

const a = watchRow({ localPort: 40001 });
const b = watchRow({ localPort: 40002 });
const c = watchRow({ localPort: 40003 });

describe('diffRows', () => {
  it('marks nothing new on the first refresh', () => {
    expect(diffRows(null, [a, b]).map((r) => r.change)).toEqual(['same', 'same']);
  });

  it('marks new rows and keeps gone ones after the current rows', () => {
    const rows = diffRows([a, b], [b, c]);
    expect(rows.map((r) => [r.row.key, r.change])).toEqual([
      [b.key, 'same'],
      [c.key, 'new'],
      [a.key, 'gone'],
    ]);
  });

  it('treats a changed state as the same socket', () => {
    const closing = watchRow({ localPort: 40001, state: 'CLOSE_WAIT' });
    expect(diffRows([a], [closing]).map((r) => r.change)).toEqual(['same']);
  });
});

describe('viewReducer: refreshes', () => {
  it('shows gone rows for exactly one refresh', () => {
    const state = reduce(initialViewState(), { type: 'snapshot', snapshot: snapshot([a, b]) }, { type: 'snapshot', snapshot: snapshot([b]) });
    expect(state.rows.map((r) => r.change)).toEqual(['same', 'gone']);
    const later = viewReducer(state, { type: 'snapshot', snapshot: snapshot([b]) });
    expect(later.rows.map((r) => r.change)).toEqual(['same']);
  });

  it('counts states and protocols of what the filter and toggles show, and the whole snapshot as "of N"', () => {
    const listen = watchRow({ localPort: 22, remoteAddress: '0.0.0.0', remotePort: 0, state: 'LISTEN' });
    const udp = watchRow({ proto: 'udp6', localAddress: '::1', localPort: 53, remotePort: 5353, state: 'ESTABLISHED' });
    const state = reduce(initialViewState(), { type: 'snapshot', snapshot: snapshot([a, b, listen, udp]) });
    expect(state.counts.states).toEqual([['ESTABLISHED', 3]]);
    expect(state.counts.protocols).toEqual([
      ['tcp', 2],
      ['udp6', 1],
    ]);
    expect(state.list).toHaveLength(3);
    expect([state.shownCount, state.totalCount]).toEqual([3, 4]);
    const tcpOnly = viewReducer(state, { type: 'toggle-tcp' });
    expect(tcpOnly.counts.protocols).toEqual([['tcp', 2]]);
    expect([tcpOnly.shownCount, tcpOnly.totalCount]).toEqual([2, 4]);
    const filtered = reduce(state, { type: 'filter-open' }, { type: 'filter-type', text: '40002' });
    expect([filtered.shownCount, filtered.totalCount]).toEqual([1, 4]);
  });

  it('holds refreshes while paused and shows the newest on resume, diffed against what was shown', () => {
    const paused = reduce(initialViewState(), { type: 'snapshot', snapshot: snapshot([a]) }, { type: 'pause' });
    const held = reduce(paused, { type: 'snapshot', snapshot: snapshot([a, b]) }, { type: 'snapshot', snapshot: snapshot([c]) });
    expect(shownKeys(held)).toEqual([a.key]);
    expect(held.pending?.rows).toEqual([c]);
    const resumed = viewReducer(held, { type: 'pause' });
    expect(resumed.paused).toBe(false);
    expect(resumed.rows.map((r) => [r.row.key, r.change])).toEqual([
      [c.key, 'new'],
      [a.key, 'gone'],
    ]);
  });
});

describe('viewReducer: sort', () => {
  const slow = watchRow({ localPort: 40001, rxRate: 10 });
  const fast = watchRow({ localPort: 40002, rxRate: 5000 });
  const unknown = watchRow({ localPort: 40003, rxRate: null });
  const loaded = reduce(initialViewState(), { type: 'snapshot', snapshot: snapshot([unknown, fast, slow]) });

  it('starts by local address, ascending', () => {
    expect(shownPorts(loaded)).toEqual([40001, 40002, 40003]);
    expect(sortIndicator(loaded.sort, false, false)).toEqual({ column: 'local', descending: false });
  });

  it('cycles through every column and back', () => {
    let state = loaded;
    const seen = [state.sort];
    for (let i = 0; i < 9; i++) {
      state = viewReducer(state, { type: 'sort-next' });
      seen.push(state.sort);
    }
    expect(seen).toEqual(['local', 'remote', 'state', 'proto', 'recvQ', 'sendQ', 'rx', 'tx', 'program', 'local']);
  });

  it('puts the biggest rate first, unknown rates last, and reverses on r', () => {
    const byRx = reduce(loaded, ...Array<ViewAction>(6).fill({ type: 'sort-next' }));
    expect(byRx.sort).toBe('rx');
    expect(shownPorts(byRx)).toEqual([40002, 40001, 40003]);
    expect(shownPorts(viewReducer(byRx, { type: 'reverse' }))).toEqual([40003, 40001, 40002]);
  });

  it('a new sort column starts unreversed', () => {
    const reversed = reduce(loaded, { type: 'reverse' }, { type: 'sort-next' });
    expect(reversed.reverse).toBe(false);
  });
});

describe('viewReducer: filter', () => {
  const web = watchRow({ localPort: 40010, remotePort: 443, program: 'curl', pid: 7 });
  const loaded = reduce(initialViewState(), { type: 'snapshot', snapshot: snapshot([a, b, web]) });
  const typed = (text: string) => reduce(loaded, { type: 'filter-open' }, ...[...text].map((ch): ViewAction => ({ type: 'filter-type', text: ch })));

  it('filters as the text is typed, over every column, ignoring case', () => {
    expect(shownKeys(typed('CURL'))).toEqual([web.key]);
    expect(shownKeys(typed(':443'))).toEqual([web.key]);
    expect(shownKeys(typed('7/curl'))).toEqual([web.key]);
    expect(shownKeys(typed('40002'))).toEqual([b.key]);
    expect(shownKeys(typed('nothing-matches'))).toEqual([]);
  });

  it('matches what a row means: a port by number or service name however it is shown, numeric addresses under names, PIDs', () => {
    const named = { ...web, remote: 'example.test:https' };
    const state = reduce(initialViewState({ portOf: (name) => (name === 'https' ? 443 : undefined) }), { type: 'snapshot', snapshot: snapshot([a, b, named]) });
    const typedIn = (text: string) => reduce(state, { type: 'filter-open' }, { type: 'filter-type', text });
    expect(shownKeys(typedIn('443'))).toEqual([web.key]);
    expect(shownKeys(typedIn(':443'))).toEqual([web.key]);
    expect(shownKeys(typedIn('https'))).toEqual([web.key]);
    expect(shownKeys(typedIn('127.0.0.1:443'))).toEqual([web.key]);
    expect(shownKeys(typedIn('example.test'))).toEqual([web.key]);
    expect(shownKeys(typedIn('7'))).toContain(web.key);
    expect(shownKeys(typedIn(':8080'))).toEqual([a.key, b.key]);
  });

  it('Enter keeps the filter and closes the prompt; Esc clears it', () => {
    const applied = viewReducer(typed('curl '), { type: 'filter-apply' });
    expect(applied).toMatchObject({ filter: 'curl', draft: null });
    expect(shownKeys(applied)).toEqual([web.key]);
    const cleared = viewReducer(applied, { type: 'filter-clear' });
    expect(cleared).toMatchObject({ filter: '', draft: null });
    expect(cleared.list).toHaveLength(3);
  });

  it('backspace removes one character, also a wide one', () => {
    expect(viewReducer(typed('cur日'), { type: 'filter-erase' }).draft).toBe('cur');
    expect(viewReducer(typed(''), { type: 'filter-erase' }).draft).toBe('');
  });

  it('ignores typing when the prompt is closed', () => {
    expect(viewReducer(loaded, { type: 'filter-type', text: 'x' })).toBe(loaded);
    expect(viewReducer(loaded, { type: 'filter-apply' })).toBe(loaded);
  });
});

describe('viewReducer: toggles', () => {
  const listen = watchRow({ localPort: 22, remoteAddress: '0.0.0.0', remotePort: 0, state: 'LISTEN' });
  const udp = watchRow({ proto: 'udp', localPort: 5353, remotePort: 0, state: 'ESTABLISHED' });
  const unconnected = watchRow({ proto: 'udp', localPort: 53, remoteAddress: '0.0.0.0', remotePort: 0, state: 'UNCONN' });
  const loaded = reduce(initialViewState(), { type: 'snapshot', snapshot: snapshot([a, listen, udp, unconnected]) });

  it('t shows TCP only and u UDP only, as -t and -u do; a second press goes back to both', () => {
    const tcpOnly = viewReducer(loaded, { type: 'toggle-tcp' });
    expect(shownKeys(tcpOnly)).toEqual([a.key]);
    expect(protocolSet(tcpOnly)).toBe('tcp only');
    expect(shownKeys(viewReducer(loaded, { type: 'toggle-udp' }))).toEqual([udp.key]);
    expect(shownKeys(viewReducer(tcpOnly, { type: 'toggle-udp' }))).toEqual([udp.key]);
    const back = reduce(loaded, { type: 'toggle-udp' }, { type: 'toggle-udp' });
    expect(shownKeys(back)).toHaveLength(2);
    expect(protocolSet(back)).toBe('tcp+udp');
  });

  it('from -t, t goes to every protocol read and back to TCP only', () => {
    const state = viewReducer(initialViewState({ tcp: true, udp: false }), { type: 'snapshot', snapshot: snapshot([a, udp]) });
    expect(protocolSet(state)).toBe('tcp only');
    const all = viewReducer(state, { type: 'toggle-tcp' });
    expect(shownKeys(all)).toHaveLength(2);
    expect(shownKeys(viewReducer(all, { type: 'toggle-tcp' }))).toEqual([a.key]);
  });

  it('l goes hidden → shown too → only → hidden', () => {
    const shown = viewReducer(loaded, { type: 'toggle-listening' });
    expect(shown.listening).toBe('show');
    expect(shown.list).toHaveLength(4);
    const only = viewReducer(shown, { type: 'toggle-listening' });
    expect(shownKeys(only).sort()).toEqual([listen.key, unconnected.key].sort());
    expect(viewReducer(only, { type: 'toggle-listening' }).listening).toBe('hide');
  });

  it('starts from the command line: -x alone shows Unix sockets only', () => {
    const unix = unixRow('/run/app.sock');
    const state = initialViewState({ tcp: false, udp: false, listening: 'show' });
    expect(shownKeys(viewReducer(state, { type: 'snapshot', snapshot: snapshot([a, udp, unix]) }))).toEqual([unix.key]);
  });

  it('starts from the command line: -t alone shows TCP only; -l listening only', () => {
    const state = initialViewState({ tcp: true, udp: false, listening: 'only' });
    expect(shownKeys(viewReducer(state, { type: 'snapshot', snapshot: snapshot([a, listen, udp, unconnected]) }))).toEqual([listen.key]);
  });
});

describe('viewReducer: group by process', () => {
  const rows = [
    watchRow({ localPort: 1, pid: 10, program: 'nginx', rxRate: 100, txRate: 1 }),
    watchRow({ localPort: 2, pid: 10, program: 'nginx', rxRate: 50, txRate: null, state: 'CLOSE_WAIT' }),
    watchRow({ localPort: 3, pid: 10, program: 'nginx', rxRate: null, txRate: null }),
    watchRow({ localPort: 4, pid: 20, program: 'sshd', rxRate: 5000, txRate: 7 }),
    watchRow({ localPort: 5, pid: null, program: null }),
  ];

  it('counts sockets and states and sums rates per process, most sockets first', () => {
    const state = reduce(initialViewState(), { type: 'snapshot', snapshot: snapshot(rows) }, { type: 'group' });
    const groups = state.list.map((e) => (e.kind === 'group' ? e.entry : null));
    expect(groups.map((g) => [g?.key, g?.count, g?.rxRate, g?.txRate])).toEqual([
      ['10/nginx', 3, 150, 1],
      ['20/sshd', 1, 5000, 7],
      ['-', 1, null, null],
    ]);
    expect(groups[0]?.states).toEqual([
      ['ESTABLISHED', 2],
      ['CLOSE_WAIT', 1],
    ]);
  });

  it('g steps through by process, by remote host, and back to sockets', () => {
    const hosts = [
      watchRow({ localPort: 1, remoteAddress: '192.0.2.1', remotePort: 443 }),
      watchRow({ localPort: 2, remoteAddress: '192.0.2.1', remotePort: 80 }),
      watchRow({ localPort: 3, remoteAddress: '2001:db8::5', remotePort: 22, proto: 'tcp6' }),
      watchRow({ localPort: 4, remoteAddress: '0.0.0.0', remotePort: 0, state: 'LISTEN' }),
    ];
    const loaded = reduce(initialViewState({ listening: 'show' }), { type: 'snapshot', snapshot: snapshot(hosts) });
    const byProcess = viewReducer(loaded, { type: 'group' });
    expect(byProcess.group).toBe('process');
    const byHost = viewReducer(byProcess, { type: 'group' });
    expect(byHost.group).toBe('remote');
    const groups = byHost.list.map((e) => (e.kind === 'group' ? [e.entry.key, e.entry.count] : null));
    expect(groups).toEqual([
      ['192.0.2.1', 2],
      ['*', 1],
      ['[2001:db8::5]', 1],
    ]);
    expect(viewReducer(byHost, { type: 'group' }).group).toBe('none');
  });

  it('orders groups by rate when sorting by rate', () => {
    const state = reduce(initialViewState({ sort: 'rx' }), { type: 'snapshot', snapshot: snapshot(rows) }, { type: 'group' });
    expect(shownKeys(state)).toEqual(['20/sshd', '10/nginx', '-']);
    expect(sortIndicator('rx', true, false)).toEqual({ column: 'rx', descending: true });
    expect(sortIndicator('local', true, false)).toEqual({ column: 'count', descending: true });
  });

  it('leaves gone sockets out of the counts and marks groups with new sockets', () => {
    const before = rows.slice(0, 2);
    const after = [rows[1]!, watchRow({ localPort: 9, pid: 20, program: 'sshd' })];
    const groups = groupRows(diffRows(before, after), 'local', false);
    expect(groups.map((g) => [g.key, g.count, g.hasNew])).toEqual([
      ['10/nginx', 1, false],
      ['20/sshd', 1, true],
    ]);
  });
});

describe('viewReducer: scroll', () => {
  const many = Array.from({ length: 50 }, (_, i) => watchRow({ localPort: 41000 + i }));
  const loaded = reduce(initialViewState({ pageSize: 10 }), { type: 'snapshot', snapshot: snapshot(many) });
  const scroll = (state: ViewState, ...moves: ('line-up' | 'line-down' | 'page-up' | 'page-down' | 'home' | 'end')[]) =>
    reduce(state, ...moves.map((move): ViewAction => ({ type: 'scroll', move })));

  it.each([
    [['line-down'], 1],
    [['line-up'], 0],
    [['page-down', 'page-down'], 20],
    [['page-down', 'line-up'], 9],
    [['end'], 40],
    [['end', 'page-down', 'line-down'], 40],
    [['end', 'page-up'], 30],
    [['end', 'home'], 0],
  ] as const)('%j → first entry %i', (moves, first) => {
    const state = scroll(loaded, ...moves);
    expect(state.scroll).toBe(first);
    expect(visibleEntries(state)).toHaveLength(10);
  });

  it('keeps the last page full when the terminal grows or rows go away', () => {
    const atEnd = scroll(loaded, 'end');
    expect(viewReducer(atEnd, { type: 'resize', pageSize: 25 }).scroll).toBe(25);
    const fewer = reduce(atEnd, { type: 'snapshot', snapshot: snapshot(many.slice(0, 15)) }, { type: 'snapshot', snapshot: snapshot(many.slice(0, 15)) });
    expect(fewer.scroll).toBe(5);
  });

  it('goes back to the top when the filter changes', () => {
    const state = reduce(scroll(loaded, 'end'), { type: 'filter-open' }, { type: 'filter-type', text: '4100' });
    expect(state.scroll).toBe(0);
    expect(state.list).toHaveLength(10);
  });
});

describe('viewReducer: help', () => {
  it('? opens and closes the overlay; / closes it', () => {
    const open = viewReducer(initialViewState(), { type: 'help' });
    expect(open.help).toBe(true);
    expect(viewReducer(open, { type: 'help' }).help).toBe(false);
    expect(viewReducer(open, { type: 'filter-open' })).toMatchObject({ help: false, draft: '' });
  });
});

describe('rateScope', () => {
  const rows = [
    watchRow({ localPort: 40001, remotePort: 443 }),
    watchRow({ proto: 'tcp6', localAddress: '::1', localPort: 40002, remoteAddress: '::1', remotePort: 8443 }),
    watchRow({ localPort: 22, remoteAddress: '0.0.0.0', remotePort: 0, state: 'LISTEN' }),
    watchRow({ localPort: 40003, remotePort: 80, state: 'TIME_WAIT', inode: 0 }),
    watchRow({ proto: 'udp', localPort: 53, remotePort: 5353 }),
    watchRow({ localPort: 40009, remotePort: 9 }),
  ];
  const state = reduce(initialViewState({ pageSize: 5, listening: 'show' }), { type: 'snapshot', snapshot: snapshot(rows) });

  it('asks for the connected TCP rows on screen only', () => {
    // on screen: 127.0.0.1 ports 22 (listening), 53 (UDP), 40001, 40003 (TIME_WAIT, no inode), 40009
    expect(state.list).toHaveLength(6);
    expect(rateScope(state)).toEqual({
      kind: 'ports',
      pairs: [
        { localPort: 40001, remotePort: 443 },
        { localPort: 40009, remotePort: 9 },
      ],
    });
    expect(rateScope(viewReducer(state, { type: 'scroll', move: 'end' }))).toEqual({
      kind: 'ports',
      pairs: [
        { localPort: 40001, remotePort: 443 },
        { localPort: 40009, remotePort: 9 },
        { localPort: 40002, remotePort: 8443 },
      ],
    });
  });

  it('asks for every connection when rates decide the order or are summed per process', () => {
    expect(rateScope(viewReducer(state, { type: 'group' }))).toEqual({ kind: 'all' });
    expect(rateScope(reduce(state, ...Array<ViewAction>(6).fill({ type: 'sort-next' })))).toEqual({ kind: 'all' });
  });
});
