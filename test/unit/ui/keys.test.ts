import { describe, expect, it } from 'vitest';
import { commandForKey, type KeyPress } from '../../../src/ui/keys.js';

const none: KeyPress = {
  upArrow: false,
  downArrow: false,
  pageUp: false,
  pageDown: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  meta: false,
  backspace: false,
  delete: false,
  tab: false,
};
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
