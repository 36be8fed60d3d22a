import { describe, expect, it } from 'vitest';
import { formatName } from '../../../src/protocol/dns-text.js';

describe('formatName', () => {
  it.each([
    ['the root', '', '.'],
    ['a name gets its final dot', 'a.test', 'a.test.'],
    ['an escaped dot inside a label stays escaped', 'a\\.b.test', 'a\\.b.test.'],
    // RFC 1035 §5.1 / RFC 4343 §2.1: a byte that is not printable is \DDD, as dig shows it.
    ['a space in a label', 'a b.test', 'a\\032b.test.'],
    ['a newline cannot split a record over two lines', 'evil\n.test', 'evil\\010.test.'],
    ['a terminal escape sequence is never sent raw', '\u001b[2J.test', '\\027[2J.test.'],
    ['DEL', 'a\u007f.test', 'a\\127.test.'],
    ['a C1 control (CSI) as its UTF-8 bytes', 'a\u009b.test', 'a\\194\\155.test.'],
    ['other Unicode stays readable', 'bücher.test', 'bücher.test.'],
  ])('%s', (_name, input, expected) => {
    expect(formatName(input)).toBe(expected);
  });
});
