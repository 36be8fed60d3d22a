import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatHexDump } from '../../../src/render/hexdump.js';
import { formatTranscriptLine } from '../../../src/render/transcript.js';

describe('formatHexDump', () => {
  it('matches xxd on a short line', () => {
    expect(formatHexDump(Buffer.from('Hello\n'))).toBe('00000000: 4865 6c6c 6f0a                           Hello.\n');
  });

  it('matches xxd byte for byte on all 256 byte values', () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect(formatHexDump(bytes)).toBe(execFileSync('xxd', [], { input: bytes, encoding: 'utf8' }));
  });

  it('numbers a later chunk from its stream offset', () => {
    expect(formatHexDump(Buffer.from('AB'), 0x20)).toBe('00000020: 4142                                     AB\n');
  });

  it('prints nothing for no bytes', () => {
    expect(formatHexDump(new Uint8Array(0))).toBe('');
  });
});

describe('formatTranscriptLine', () => {
  it('is one JSON line with time, direction, size, text and exact hex', () => {
    const line = formatTranscriptLine(Date.UTC(2026, 10, 25, 20, 0, 0), 'in', Buffer.from([0x68, 0x69, 0xff]));
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual({ t: '2026-11-25T20:00:00.000Z', dir: 'in', size: 3, data: 'hi\ufffd', hex: '6869ff' });
  });
});
