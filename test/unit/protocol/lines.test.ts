import { describe, expect, it } from 'vitest';
import { LineSplitter, LineTooLongError } from '../../../src/protocol/lines.js';

function split(chunks: readonly string[], options: { keepNewline?: boolean; maxLine?: number } = {}): string[] {
  const splitter = new LineSplitter({ maxLine: 100, ...options });
  const lines = chunks.flatMap((chunk) => splitter.push(Buffer.from(chunk)).map(String));
  const last = splitter.finish();
  return last ? [...lines, String(last)] : lines;
}

describe('LineSplitter', () => {
  it.each([
    [['a\nb\n'], ['a', 'b']],
    [['a\r\nb\r\n'], ['a', 'b']],
    [['a\nb'], ['a', 'b']],
    [['a\n\nb\n'], ['a', '', 'b']],
    [['\n'], ['']],
    [[''], []],
    [['he', 'llo\nwor', 'ld\n'], ['hello', 'world']],
    [['a\r', '\nb\n'], ['a', 'b']],
    [['a\rb\n'], ['a\rb']],
    [['only cr\r'], ['only cr\r']],
  ])('%j → %j', (chunks, expected) => {
    expect(split(chunks)).toEqual(expected);
  });

  it('keeps the terminators when asked (nc sends what was typed)', () => {
    expect(split(['a\r\nb\n', 'c'], { keepNewline: true })).toEqual(['a\r\n', 'b\n', 'c']);
  });

  it('refuses a terminated line over the limit', () => {
    const splitter = new LineSplitter({ maxLine: 3 });
    expect(splitter.push(Buffer.from('abc\n'))).toEqual([Buffer.from('abc')]);
    expect(() => splitter.push(Buffer.from('abcd\n'))).toThrow(LineTooLongError);
  });

  it('refuses an unterminated line as soon as it passes the limit, without waiting for its end', () => {
    const splitter = new LineSplitter({ maxLine: 4 });
    splitter.push(Buffer.from('ab'));
    expect(() => splitter.push(Buffer.from('cde'))).toThrow('a line is longer than 4 bytes');
  });

  it('counts the kept terminator against the limit', () => {
    expect(() => new LineSplitter({ maxLine: 3, keepNewline: true }).push(Buffer.from('abc\n'))).toThrow(LineTooLongError);
  });

  it('returns copies that later chunks do not overwrite', () => {
    const splitter = new LineSplitter({ maxLine: 10 });
    const chunk = Buffer.from('ab\n');
    const [line] = splitter.push(chunk);
    chunk.fill(0x7a);
    expect(String(line)).toBe('ab');
  });
});
