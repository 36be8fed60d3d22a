import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createBatchedOutput, writesToDevNull } from '../../src/batched-output.js';

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createBatchedOutput', () => {
  it('formats on the next turn, then writes what came within the delay as one chunk, in order, text and bytes mixed', async () => {
    const { stream, writes } = recorder();
    const formatted: string[] = [];
    const format = (item: string) => {
      formatted.push(item);
      return item === 'b' ? Buffer.from('b\n') : `${item}\n`;
    };
    const output = createBatchedOutput(stream, format, { delayMs: 20 });
    output.write('a', 2);
    output.write('b', 2);
    output.write('c', 2);
    expect(formatted).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(formatted).toEqual(['a', 'b', 'c']);
    expect(writes).toEqual([]);
    await sleep(40);
    expect(writes.map(String)).toEqual(['a\nb\nc\n']);
    output.write('d', 2);
    await output.flush();
    expect(writes.map(String)).toEqual(['a\nb\nc\n', 'd\n']);
  });

  it('writes in the same turn, without waiting out the delay, once the queue reaches flushAt', async () => {
    const { stream, writes } = recorder();
    const output = createBatchedOutput(stream, (item: string) => item, { flushAt: 4, delayMs: 10_000 });
    output.write('ab', 2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([]);
    output.write('cd', 2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes.map(String)).toEqual(['abcd']);
  });

  it('drops and counts what a stalled stream cannot take beyond the bound, and says so once', async () => {
    const { stream } = recorder({ stall: true });
    let warnings = 0;
    const output = createBatchedOutput(stream, (item: string) => item, { maxBuffered: 10, delayMs: 1, onFirstDrop: () => warnings++ });
    expect(output.write('123456', 6)).toBe(true);
    expect(output.write('7890', 4)).toBe(true);
    expect(output.write('x', 1)).toBe(false);
    await sleep(10);
    expect(stream.writableLength).toBe(10);
    expect(output.write('y', 1)).toBe(false);
    expect(output.write('z', 1)).toBe(false);
    expect(output.dropped).toBe(3);
    expect(warnings).toBe(1);
  });
});

describe('writesToDevNull', () => {
  it('knows /dev/null from a file and from a stream without a descriptor', () => {
    const devNull = openSync('/dev/null', 'w');
    const dir = mkdtempSync(join(tmpdir(), 'nettool-'));
    const file = openSync(join(dir, 'out'), 'w');
    try {
      expect(writesToDevNull({ fd: devNull } as unknown as Writable)).toBe(true);
      expect(writesToDevNull({ fd: file } as unknown as Writable)).toBe(false);
      expect(writesToDevNull(recorder().stream)).toBe(false);
    } finally {
      closeSync(devNull);
      closeSync(file);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('formats nothing for /dev/null', async () => {
    const devNull = openSync('/dev/null', 'w');
    try {
      const format = vi.fn((item: string) => item);
      const output = createBatchedOutput({ fd: devNull } as unknown as Writable, format);
      expect(output.write('x', 1)).toBe(true);
      await output.flush();
      expect(format).not.toHaveBeenCalled();
    } finally {
      closeSync(devNull);
    }
  });
});
