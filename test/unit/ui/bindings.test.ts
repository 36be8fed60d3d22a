import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../../src/render/width.js';
import { footerHints, helpLines, keyName, plainKey, resolveKey, wrapWords, type KeyTable } from '../../../src/ui/driver/bindings.js';
import { captureKeys } from '../../../src/ui/views/capture/keys.js';
import { netstatKeys } from '../../../src/ui/views/netstat/keys.js';
import { serveKeys } from '../../../src/ui/views/serve/keys.js';

const tables = [
  ['netstat', netstatKeys],
  ['serve', serveKeys],
  ['capture', captureKeys],
] as const;

describe('binding tables', () => {
  it.each(tables)('%s: no key is bound twice', (_name, table: KeyTable<string>) => {
    const keys = Object.values(table).flatMap((binding) => binding.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(tables)('%s: the help lists every key and fits 80 columns, wrapped at words', (_name, table: KeyTable<string>) => {
    const lines = helpLines(table, 79);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(79);
    const text = lines.join('\n');
    for (const binding of Object.values(table)) expect(text.replace(/\s+/g, ' ')).toContain(binding.help);
  });

  it.each(tables)('%s: the footer fits 80 columns beside its status and always keeps help', (_name, table: KeyTable<string>) => {
    const status = 'tcp+udp, listening hidden, by remote host  ';
    const hints = footerHints(table, 79, displayWidth(status));
    const line = status + hints.map((hint) => `${hint.key} ${hint.word}`).join('  ');
    expect(displayWidth(line)).toBeLessThanOrEqual(79);
    expect(hints.at(-1)).toEqual({ key: '?', word: 'help' });
    expect(hints[0]).toEqual({ key: 'q', word: 'quit' });
  });
});

describe('keys', () => {
  it.each([
    ['q', plainKey, 'q'],
    ['', { ...plainKey, escape: true }, 'Esc'],
    ['', { ...plainKey, pageDown: true }, 'PgDn'],
    [' ', plainKey, 'Space'],
    ['c', { ...plainKey, ctrl: true }, 'Ctrl-C'],
    ['x', { ...plainKey, meta: true }, null],
    ['ab', plainKey, null],
  ] as const)('%j → %j', (input, key, name) => {
    expect(keyName(input, key)).toBe(name);
  });

  it('Esc closes the help, then clears a filter, then does what it is bound to', () => {
    const esc = { ...plainKey, escape: true };
    expect(resolveKey(serveKeys, '', esc, { prompt: null, help: true, filter: 'x' })).toEqual({ kind: 'command', command: 'help' });
    expect(resolveKey(serveKeys, '', esc, { prompt: null, help: false, filter: 'x' })).toEqual({ kind: 'prompt', edit: { type: 'clear' } });
    expect(resolveKey(serveKeys, '', esc, { prompt: null, help: false, filter: '' })).toEqual({ kind: 'command', command: 'quit' });
  });
});

describe('wrapWords', () => {
  it('breaks at spaces only', () => {
    expect(wrapWords('group by process, by remote host, or not', 16)).toEqual(['group by', 'process, by', 'remote host, or', 'not']);
    expect(wrapWords('unbreakable-word here', 5)).toEqual(['unbreakable-word', 'here']);
  });
});
