import { describe, expect, it } from 'vitest';
import { colorLevel, createPalette } from '../../../src/render/palette.js';
import { formatJson, formatJsonLine } from '../../../src/render/json.js';
import { formatTable } from '../../../src/render/table.js';
import { displayWidth, stripAnsi } from '../../../src/render/width.js';

describe('colorLevel', () => {
  const tty = { noColorFlag: false, env: {}, isTTY: true };
  it.each([
    ['a terminal', tty, 1],
    ['a pipe', { ...tty, isTTY: false }, 0],
    ['--no-color', { ...tty, noColorFlag: true }, 0],
    ['NO_COLOR', { ...tty, env: { NO_COLOR: '1' } }, 0],
    ['FORCE_COLOR on a pipe', { ...tty, isTTY: false, env: { FORCE_COLOR: '1' } }, 1],
    ['FORCE_COLOR=3', { ...tty, isTTY: false, env: { FORCE_COLOR: '3' } }, 3],
    ['FORCE_COLOR over NO_COLOR', { ...tty, env: { NO_COLOR: '1', FORCE_COLOR: '2' } }, 2],
    ['--no-color over FORCE_COLOR', { ...tty, noColorFlag: true, env: { FORCE_COLOR: '1' } }, 0],
    ['FORCE_COLOR=0', { ...tty, env: { FORCE_COLOR: '0' } }, 0],
    ['a 256-colour terminal', { ...tty, env: { TERM: 'xterm-256color' } }, 2],
  ] as const)('%s', (_name, choice, level) => {
    expect(colorLevel(choice)).toBe(level);
  });

  it('loads colours only when asked', async () => {
    expect((await createPalette(0)).label('x')).toBe('x');
    expect((await createPalette(1)).label('x')).toBe('\u001b[1m\u001b[36mx\u001b[39m\u001b[22m');
  });
});

describe('displayWidth', () => {
  it.each([
    ['abc', 3],
    ['\u001b[31mred\u001b[39m', 3],
    ['日本', 4],
    ['e\u0301', 1],
    ['🙂x', 3],
    ['', 0],
  ])('%j is %i columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
  it('strips hyperlinks too', () => {
    expect(stripAnsi('\u001b]8;;http://x\u0007link\u001b]8;;\u0007')).toBe('link');
  });
});

describe('formatTable', () => {
  it('aligns by display width and leaves no trailing spaces', () => {
    const text = formatTable(
      [{ header: 'Name' }, { header: 'N', align: 'right' }, { header: 'Note' }],
      [
        ['日本', '5', ''],
        ['\u001b[1mab\u001b[22m', '100', 'x'],
      ],
    );
    expect(text).toBe('Name    N  Note\n日本    5\n\u001b[1mab\u001b[22m    100  x\n');
  });
  it('is empty without rows or header', () => {
    expect(formatTable([{ header: 'a' }], [], { noHeader: true })).toBe('');
  });
});

describe('json', () => {
  it('writes BigInt exactly and bytes as base64', () => {
    expect(formatJsonLine({ a: 1n, b: 2n ** 64n, c: new Uint8Array([1, 2]) })).toBe('{"a":1,"b":"18446744073709551616","c":"AQI="}\n');
    expect(formatJson([1])).toBe('[\n  1\n]\n');
  });
});
