import { describe, expect, it } from 'vitest';
import { chargenBlock, chargenDatagram, chargenLine, CHARGEN_CYCLE_LINES } from '../../../src/protocol/chargen.js';

describe('RFC 864 chargen pattern', () => {
  it('line 0 is 72 characters from space, then CR LF (RFC 864 sample)', () => {
    expect(chargenLine(0)).toBe(' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefg\r\n');
  });

  it('each line starts one character later and wraps round after tilde', () => {
    expect(chargenLine(1).startsWith('!"#$')).toBe(true);
    expect(chargenLine(94)).toBe(`~ !"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_\`abcdef\r\n`);
    expect(chargenLine(95)).toBe(chargenLine(0));
    expect(chargenLine(-1)).toBe(chargenLine(94));
  });

  it('a block is whole cycles, so repeating it continues the pattern', () => {
    const block = chargenBlock(2).toString('latin1');
    expect(block.length).toBe(2 * CHARGEN_CYCLE_LINES * 74);
    const lines = block.split('\r\n').slice(0, -1);
    expect(lines).toHaveLength(190);
    lines.forEach((line, n) => expect(`${line}\r\n`).toBe(chargenLine(n)));
  });

  it.each([
    [0, 0],
    [0.5, 256],
    [0.999999, 512],
  ])('a datagram for random %f has %i characters of the pattern', (random, length) => {
    const datagram = chargenDatagram(random);
    expect(datagram.length).toBe(length);
    expect(datagram.toString('latin1')).toBe((chargenLine(0) + chargenLine(1) + chargenLine(2) + chargenLine(3) + chargenLine(4) + chargenLine(5) + chargenLine(6)).slice(0, length));
  });
});
