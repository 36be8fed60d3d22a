import { spawn, spawnSync } from 'node:child_process';
import { constants, openSync, closeSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createStdinSource, type ByteSource, type Chunk } from '../../../src/net/byte-source.js';

const dir = mkdtempSync(join(tmpdir(), 'nettool-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function take(source: ByteSource): Promise<Chunk | null> {
  const chunk = await source.next();
  source.consume();
  return chunk;
}

const settledWithin = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe('createStdinSource on a regular file', () => {
  it('reads 1 MiB chunks in order, ends with null, and lends at most 4 buffers at once', async () => {
    const path = join(dir, 'six-mib.bin');
    const data = Buffer.alloc(6 * 1024 * 1024 + 7);
    for (let i = 0; i < data.length; i++) data[i] = i % 251;
    writeFileSync(path, data);
    const fd = openSync(path, 'r');
    try {
      const source = createStdinSource(fd, () => new PassThrough());
      expect(source.bounded).toBe(true);
      const held: Chunk[] = [];
      for (let i = 0; i < 4; i++) held.push((await take(source))!);
      expect(held.map((c) => c.bytes.length)).toEqual([1 << 20, 1 << 20, 1 << 20, 1 << 20]);
      // Every buffer is out: the fifth read waits until one comes back (memory stays bounded).
      const fifth = source.next();
      expect(await settledWithin(fifth, 100)).toBe(false);
      const copies = held.map((c) => Buffer.from(c.bytes));
      held[0]!.release();
      expect(await settledWithin(fifth, 1000)).toBe(true);
      source.consume();
      for (const c of held.slice(1)) c.release();
      const rest: Buffer[] = [Buffer.from((await fifth)!.bytes)];
      for (let chunk = await take(source); chunk; chunk = await take(source)) {
        rest.push(Buffer.from(chunk.bytes));
        chunk.release();
      }
      expect(Buffer.concat([...copies, ...rest]).equals(data)).toBe(true);
      expect(await take(source)).toBeNull();
    } finally {
      closeSync(fd);
    }
  });
});

describe('createStdinSource on a character device', () => {
  it('/dev/zero is read into the same bounded ring: 4 buffers lent at most, never the stream', async () => {
    const fd = openSync('/dev/zero', 'r');
    try {
      const source = createStdinSource(fd, () => {
        throw new Error('a device must not be read through a stream');
      });
      expect(source.bounded).toBe(true);
      expect(source.neverIdle).toBe(false);
      const held: Chunk[] = [];
      for (let i = 0; i < 4; i++) held.push((await take(source))!);
      expect(held.every((c) => c.bytes.length === 1 << 20 && c.bytes.every((byte) => byte === 0))).toBe(true);
      const fifth = source.next();
      expect(await settledWithin(fifth, 100)).toBe(false);
      held[0]!.release();
      expect(await settledWithin(fifth, 1000)).toBe(true);
      source.close();
    } finally {
      closeSync(fd);
    }
  });
});

describe('createStdinSource on a pipe', () => {
  it('delivers every byte in order in chunks of at most 1 MiB, and stops reading while 4 MiB is lent', async () => {
    const path = join(dir, 'payload.bin');
    const data = Buffer.alloc(9 * 1024 * 1024 + 13);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) % 253;
    writeFileSync(path, data);
    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // O_NONBLOCK so that opening the read end does not wait for a writer (cat, below).
    const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writeEnd = openSync(fifo, 'w');
    const writer = spawn('cat', [path], { stdio: ['ignore', writeEnd, 'inherit'] });
    closeSync(writeEnd); // cat holds the only write end: its exit is our end of input
    const source = createStdinSource(fd, () => new PassThrough());
    try {
      expect(source.bounded).toBe(true);
      const held: Chunk[] = [];
      const lent = () => held.reduce((sum, c) => sum + c.bytes.length, 0);
      // Nothing released: reading stops once every slab is out, well before the end of the input.
      for (;;) {
        const next = source.next();
        if (!(await settledWithin(next, 300))) break;
        source.consume();
        held.push((await next)!);
      }
      expect(lent()).toBeGreaterThanOrEqual(3 * 1024 * 1024);
      expect(lent()).toBeLessThanOrEqual(4 * 1024 * 1024);
      const received = held.map((c) => Buffer.from(c.bytes));
      for (const c of held) c.release();
      for (let chunk = await take(source); chunk; chunk = await take(source)) {
        expect(chunk.bytes.length).toBeLessThanOrEqual(1024 * 1024);
        received.push(Buffer.from(chunk.bytes));
        chunk.release();
      }
      expect(Buffer.concat(received).equals(data)).toBe(true);
    } finally {
      source.close();
      writer.kill();
    }
  });
});

describe('createStdinSource on a stream', () => {
  it('passes chunks through; a chunk not consumed is offered again (listen -k hands it to the next peer)', async () => {
    const stream = new PassThrough();
    const source = createStdinSource(undefined, () => stream);
    expect(source.bounded).toBe(false);
    stream.write('first');
    const offered = await source.next();
    expect(Buffer.from(offered!.bytes).toString()).toBe('first');
    expect(await source.next()).toBe(offered);
    source.consume();
    stream.end('second');
    expect(Buffer.from((await take(source))!.bytes).toString()).toBe('second');
    expect(await take(source)).toBeNull();
  });
});
