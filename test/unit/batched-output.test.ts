import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createBatchedOutput } from '../../src/batched-output.js';

function recorder(options: { stall?: boolean } = {}) {
  const writes: Buffer[] = [];
  const stream = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, callback) {
      writes.push(Buffer.from(chunk));
      // A stalled stream never completes a write: its buffer only grows.
      if (!options.stall) callback();
    },
  });
  return { stream, writes };
}

describe('createBatchedOutput', () => {
  it('writes everything queued in one turn as one chunk, in order, text and bytes mixed', async () => {
    const { stream, writes } = recorder();
    const output = createBatchedOutput(stream);
    output.write('a\n');
    output.write(Buffer.from('b\n'));
    output.write('c\n');
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes.map(String)).toEqual(['a\nb\nc\n']);
    output.write('d\n');
    await output.flush();
    expect(writes.map(String)).toEqual(['a\nb\nc\n', 'd\n']);
  });

  it('drops and counts what a stalled stream cannot take beyond the bound, and says so once', async () => {
    const { stream } = recorder({ stall: true });
    let warnings = 0;
    const output = createBatchedOutput(stream, { maxBuffered: 10, onFirstDrop: () => warnings++ });
    expect(output.write('123456')).toBe(true);
    expect(output.write('7890')).toBe(true);
    expect(output.write('x')).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.writableLength).toBe(10);
    expect(output.write('y')).toBe(false);
    expect(output.write('z')).toBe(false);
    expect(output.dropped).toBe(3);
    expect(warnings).toBe(1);
  });
});
