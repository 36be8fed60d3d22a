import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { InterruptedError, NetworkError } from '../../../src/errors.js';
import { createStdinSource, createStreamSource } from '../../../src/net/byte-source.js';
import { StreamRelay, type RelayOptions } from '../../../src/net/relay.js';
import { TelnetDecoder } from '../../../src/protocol/telnet.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A loopback server running `handle` for its one peer; resolves with our connected socket. */
async function peer(handle: (socket: Socket) => void): Promise<Socket> {
  const server = createServer({ allowHalfOpen: true }, handle);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
  });
}

function sink() {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString() };
}

function relayFor(socket: Socket, input: PassThrough, output: Writable, extra: Partial<RelayOptions> = {}) {
  return new StreamRelay(socket, { source: createStreamSource(input), output, signal: new AbortController().signal, ...extra });
}

describe('StreamRelay: the EOF model', () => {
  it('half-closes at end of input and prints the reply until the peer closes', async () => {
    const socket = await peer((s) => {
      const got: Buffer[] = [];
      s.on('data', (d) => got.push(d));
      // The peer answers only after our FIN: proof that the write side was shut and reading went on.
      s.on('end', () => s.end(`got ${Buffer.concat(got).toString()}`));
    });
    const input = new PassThrough();
    input.end('question');
    const out = sink();
    await expect(relayFor(socket, input, out.stream).run()).resolves.toBe('peer-closed');
    expect(out.text()).toBe('got question');
  });

  it('-q quits after end of input even if the peer stays open', async () => {
    const socket = await peer(() => {});
    const input = new PassThrough();
    input.end('x');
    const started = Date.now();
    await expect(relayFor(socket, input, sink().stream, { quitAfterEofMs: 200 }).run()).resolves.toBe('quit-after-eof');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('the peer closing first ends the session while input is still open', async () => {
    const socket = await peer((s) => s.end('bye'));
    const out = sink();
    await expect(relayFor(socket, new PassThrough(), out.stream).run()).resolves.toBe('peer-closed');
    expect(out.text()).toBe('bye');
  });

  it('fails on idle (-w) with nothing moving', async () => {
    const socket = await peer(() => {});
    await expect(relayFor(socket, new PassThrough(), sink().stream, { idleMs: 200 }).run()).rejects.toThrow(/idle for 0.2 s/);
  });

  it('a reset is a NetworkError naming it', async () => {
    const socket = await peer((s) => setTimeout(() => s.resetAndDestroy(), 50));
    await expect(relayFor(socket, new PassThrough(), sink().stream).run()).rejects.toThrow(NetworkError);
  });

  it('Ctrl-C (abort) is an InterruptedError', async () => {
    const socket = await peer(() => {});
    const controller = new AbortController();
    const relay = new StreamRelay(socket, { source: createStreamSource(new PassThrough()), output: sink().stream, signal: controller.signal });
    setTimeout(() => controller.abort('SIGINT'), 50);
    await expect(relay.run()).rejects.toThrow(InterruptedError);
  });

  it('sends everything, in order, to a peer that reads slowly (back-pressure)', async () => {
    const size = 8 * 1024 * 1024;
    const payload = Buffer.alloc(size);
    for (let i = 0; i < size; i += 4) payload.writeUInt32LE((i * 2654435761) >>> 0, i);
    let digest = '';
    const socket = await peer((s) => {
      const hash = createHash('sha256');
      // Read in small sips with pauses, so that our writes see write() === false many times.
      s.on('data', (d) => {
        hash.update(d);
        s.pause();
        setTimeout(() => s.resume(), 1);
      });
      s.on('end', () => {
        digest = hash.digest('hex');
        s.end();
      });
    });
    const input = new PassThrough({ highWaterMark: 64 * 1024 });
    let fed = 0;
    const feed = () => {
      while (fed < size) {
        const ok = input.write(payload.subarray(fed, fed + 65536));
        fed += 65536;
        if (!ok) return void input.once('drain', feed);
      }
      input.end();
    };
    feed();
    await expect(relayFor(socket, input, sink().stream).run()).resolves.toBe('peer-closed');
    expect(digest).toBe(createHash('sha256').update(payload).digest('hex'));
  });
});

describe('StreamRelay: memory while input keeps coming', () => {
  it('holds no chunk once the socket has written it (a stream source: a terminal, or a device read as a stream)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const chunkSize = 256 << 10;
    const count = 40;
    let received = 0;
    let allReceived!: () => void;
    const done = new Promise<void>((resolve) => (allReceived = resolve));
    const socket = await peer((s) =>
      s.on('data', (d: Buffer) => {
        received += d.length;
        if (received === chunkSize * count) allReceived();
      }),
    );
    const input = new PassThrough({ highWaterMark: chunkSize });
    const written: WeakRef<Buffer>[] = [];
    const relay = relayFor(socket, input, sink().stream);
    const running = relay.run();
    for (let index = 0; index < count; index++) {
      const chunk = Buffer.alloc(chunkSize, index);
      written.push(new WeakRef(chunk));
      if (!input.write(chunk)) await new Promise((resolve) => input.once('drain', resolve));
    }
    await done;
    // The session is still open (input not ended): every chunk sent must already be collectable.
    for (let pass = 0; pass < 3; pass++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
    expect(written.filter((ref) => ref.deref() !== undefined).length).toBeLessThanOrEqual(2);
    relay.close();
    await running;
  });
});

describe('StreamRelay: a peer that half-closes first', () => {
  it('still gets the rest of our input, then the session ends normally', async () => {
    let received = '';
    const socket = await peer((s) => {
      s.end('early bye');
      s.on('data', (d) => (received += d.toString()));
    });
    // Our socket must allow half-open, as openStream makes it, to keep writing after the peer's FIN.
    (socket as unknown as { allowHalfOpen: boolean }).allowHalfOpen = true;
    const input = new PassThrough();
    const out = sink();
    const relay = relayFor(socket, input, out.stream);
    const done = relay.run();
    setTimeout(() => input.end('late data'), 100);
    await expect(done).resolves.toBe('peer-closed');
    expect(out.text()).toBe('early bye');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toBe('late data');
  });
});

describe('StreamRelay: after our half-close', () => {
  it('a telnet option request that arrives once input has ended is not answered, and the output still comes', async () => {
    const socket = await peer((s) => {
      // A telnet server speaks only after reading our (empty) input: IAC WILL ECHO, then its text.
      s.on('end', () => s.end(Buffer.from([255, 251, 1, ...Buffer.from('hello')])));
      s.resume();
    });
    const input = new PassThrough();
    input.end();
    const out = sink();
    const decoder = new TelnetDecoder();
    const relay = relayFor(socket, input, out.stream, { decode: (bytes) => decoder.decode(bytes) });
    await expect(relay.run()).resolves.toBe('peer-closed');
    expect(out.text()).toBe('hello');
  });

  it('the prompt\'s send and Ctrl-C after end of input do not fail the session', async () => {
    const socket = await peer((s) => {
      s.on('end', () => setTimeout(() => s.end('bye'), 100));
      s.resume();
    });
    const input = new PassThrough();
    input.end();
    const out = sink();
    const relay = relayFor(socket, input, out.stream);
    const done = relay.run();
    setTimeout(() => {
      relay.send(Buffer.from('late'));
      relay.sendRaw(Uint8Array.of(255, 244));
    }, 50);
    await expect(done).resolves.toBe('peer-closed');
    expect(out.text()).toBe('bye');
  });
});

describe('StreamRelay: a peer that sends option requests and never reads our answers', () => {
  it('stops reading it once the answers pile up, instead of buffering them without bound', async () => {
    let sentByPeer = 0;
    const socket = await peer((s) => {
      // IAC DO ECHO over and over: each one is answered IAC WONT ECHO, and the peer never reads.
      const block = Buffer.alloc(3 * 349_525, Buffer.from([255, 253, 1]));
      const started = Date.now();
      const pump = () => {
        while (sentByPeer < 64 << 20 && Date.now() - started < 1500) {
          sentByPeer += block.length;
          if (!s.write(block)) return void s.once('drain', pump);
        }
      };
      pump();
      s.on('error', () => {});
    });
    const controller = new AbortController();
    const decoder = new TelnetDecoder();
    const relay = new StreamRelay(socket, {
      source: createStreamSource(new PassThrough()),
      output: sink().stream,
      signal: controller.signal,
      decode: (bytes) => decoder.decode(bytes),
    });
    let mostQueued = 0;
    const sampler = setInterval(() => (mostQueued = Math.max(mostQueued, socket.writableLength)), 10);
    const done = relay.run().catch(() => 'stopped');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    clearInterval(sampler);
    controller.abort('SIGINT');
    await done;
    expect(sentByPeer).toBeGreaterThan(1 << 20);
    expect(mostQueued).toBeLessThan(16 << 20);
  }, 10_000);
});

describe('StreamRelay: endWithPeerOnIdleInput (listen)', () => {
  it('a file on stdin is still sent whole to a peer that half-closed at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-'));
    const path = join(dir, 'data.bin');
    const payload = randomBytes(24 << 20);
    writeFileSync(path, payload);
    const fd = openSync(path, 'r');
    try {
      let peerDone!: (digest: string) => void;
      const digest = new Promise<string>((resolve) => (peerDone = resolve));
      const socket = await peer((s) => {
        // Half-close at once, then read slowly: nettool gets our FIN long before its file is sent.
        s.end();
        const hash = createHash('sha256');
        s.on('data', (d) => {
          hash.update(d);
          s.pause();
          setTimeout(() => s.resume(), 1);
        });
        s.on('close', () => peerDone(hash.digest('hex')));
      });
      (socket as unknown as { allowHalfOpen: boolean }).allowHalfOpen = true;
      const relay = new StreamRelay(socket, {
        source: createStdinSource(fd, () => new PassThrough()),
        output: sink().stream,
        signal: new AbortController().signal,
        endWithPeerOnIdleInput: true,
      });
      await expect(relay.run()).resolves.toBe('peer-closed');
      expect(await digest).toBe(createHash('sha256').update(payload).digest('hex'));
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);

  it('an open stdin with nothing to send ends the session when the peer leaves', async () => {
    const socket = await peer((s) => s.end('bye'));
    (socket as unknown as { allowHalfOpen: boolean }).allowHalfOpen = true;
    const out = sink();
    await expect(relayFor(socket, new PassThrough(), out.stream, { endWithPeerOnIdleInput: true }).run()).resolves.toBe('peer-closed');
    expect(out.text()).toBe('bye');
  });
});
