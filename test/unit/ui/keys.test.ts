import { describe, expect, it } from 'vitest';
import { initialViewState, viewReducer } from '../../../src/ui/views/netstat/state.js';
import { plainKey as none, type KeyPress } from '../../../src/ui/driver/bindings.js';
import { applyKey, commandForKey } from '../../../src/ui/views/netstat/keys.js';
import { snapshot, watchRow } from '../../helpers/watch-rows.js';

const key = (overrides: Partial<KeyPress>) => ({ ...none, ...overrides });
const browsing = { draft: null, help: false, filter: '' };

describe('commandForKey while browsing', () => {
  it.each([
    ['q', none, { type: 'quit' }],
    ['c', key({ ctrl: true }), { type: 'quit' }],
    ['', key({ escape: true }), { type: 'quit' }],
    ['s', none, { type: 'sort-next' }],
    ['r', none, { type: 'reverse' }],
    ['/', none, { type: 'filter-open' }],
    ['t', none, { type: 'toggle-tcp' }],
    ['u', none, { type: 'toggle-udp' }],
    ['l', none, { type: 'toggle-listening' }],
    ['p', none, { type: 'pause' }],
    ['g', none, { type: 'group' }],
    ['?', none, { type: 'help' }],
    ['', key({ upArrow: true }), { type: 'scroll', move: 'line-up' }],
    ['', key({ downArrow: true }), { type: 'scroll', move: 'line-down' }],
    ['', key({ pageUp: true }), { type: 'scroll', move: 'page-up' }],
    ['', key({ pageDown: true }), { type: 'scroll', move: 'page-down' }],
    ['', key({ home: true }), { type: 'scroll', move: 'home' }],
    ['', key({ end: true }), { type: 'scroll', move: 'end' }],
    ['x', none, null],
    ['s', key({ ctrl: true }), null],
  ] as const)('%j %j → %j', (input, press, command) => {
    expect(commandForKey(input, press, browsing)).toEqual(command);
  });

  it('Esc closes help first, then an applied filter, and only then quits', () => {
    const esc = key({ escape: true });
    expect(commandForKey('', esc, { ...browsing, help: true, filter: 'x' })).toEqual({ type: 'help' });
    expect(commandForKey('', esc, { ...browsing, filter: 'x' })).toEqual({ type: 'filter-clear' });
    expect(commandForKey('', esc, browsing)).toEqual({ type: 'quit' });
  });
});

describe('commandForKey while typing a filter', () => {
  const typing = { draft: 'ng', help: false, filter: '' };
  it.each([
    ['q', none, { type: 'filter-type', text: 'q' }],
    ['/', none, { type: 'filter-type', text: '/' }],
    ['10.0.0.1:443', none, { type: 'filter-type', text: '10.0.0.1:443' }],
    ['a\nb', none, { type: 'filter-type', text: 'ab' }],
    ['\r', key({ return: true }), { type: 'filter-apply' }],
    ['', key({ escape: true }), { type: 'filter-clear' }],
    ['', key({ backspace: true }), { type: 'filter-erase' }],
    ['', key({ delete: true }), { type: 'filter-erase' }],
    ['c', key({ ctrl: true }), { type: 'quit' }],
    ['u', key({ ctrl: true }), null],
    ['', key({ upArrow: true }), null],
    ['\u0007', none, null],
  ] as const)('%j %j → %j', (input, press, command) => {
    expect(commandForKey(input, press, typing)).toEqual(command);
  });
});

describe('applyKey', () => {
  const loaded = viewReducer(initialViewState(), {
    type: 'snapshot',
    snapshot: snapshot([watchRow({ localPort: 40001, remotePort: 443 }), watchRow({ localPort: 40002, remotePort: 80 })]),
  });

  it('takes a burst of input (tmux send-keys, a paste) a character at a time', () => {
    const { state, quit } = applyKey(loaded, '/443\r', none);
    expect(quit).toBe(false);
    expect(state).toMatchObject({ filter: '443', draft: null });
    expect(state.list).toHaveLength(1);
  });

  it('erases with DEL inside a burst and stops at q once the prompt is closed', () => {
    const { state, quit } = applyKey(loaded, '/4433\u007f\rq', none);
    expect(state.filter).toBe('443');
    expect(quit).toBe(true);
  });

  it('types q into an open filter instead of quitting', () => {
    expect(applyKey(applyKey(loaded, '/', none).state, 'q', none)).toMatchObject({ quit: false, state: { draft: 'q' } });
  });
});
