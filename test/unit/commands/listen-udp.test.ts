import dgram from 'node:dgram';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/commands/context.js';
import { runListenUdp } from '../../../src/commands/listen-udp.js';
import { plainPalette } from '../../../src/render/palette.js';
import { fakeIo, type FakeIo } from '../../helpers/fake-io.js';

const sockets: dgram.Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

/** A Python-free peer for in-process tests: a Node socket on loopback that records what comes back. */
async function peer(type: 'udp4' | 'udp6' = 'udp4'): Promise<{ socket: dgram.Socket; received: Buffer[] }> {
  const socket = dgram.createSocket(type);
  sockets.push(socket);
  const received: Buffer[] = [];
  socket.on('message', (payload) => received.push(payload));
  socket.bind(0, type === 'udp4' ? '127.0.0.1' : '::1');
  await once(socket, 'listening');
  return { socket, received };
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function start(options: { host?: string; hex?: boolean; keep?: boolean }, io: FakeIo & { stdin: PassThrough }, json = false) {
  const statuses: string[] = [];
  const context: CommandContext = { io, json, quiet: false, palette: plainPalette, status: (line) => statuses.push(line) };
  const result = runListenUdp(context, 0, options);
  const port = async () => {
    await until(() => statuses.some((s) => s.startsWith('Listening on')), 'Listening');
    return Number(/:(\d+) \(udp\)$/.exec(statuses[0]!)![1]);
  };
  return { result, statuses, port };
}

function controllableIo(): { io: FakeIo & { stdin: PassThrough }; controller: AbortController } {
  const controller = new AbortController();
  const base = fakeIo({ signal: controller.signal });
  return { io: { ...base, stdin: new PassThrough() }, controller };
}

describe('runListenUdp (nc -l -u)', () => {
  it('prints raw payloads, sends stdin lines to the sender, and hears only the first sender', async () => {
    const { io, controller } = controllableIo();
    const run = start({ host: '127.0.0.1' }, io);
    const port = await run.port();
    expect(run.statuses[0]).toBe(`Listening on 127.0.0.1:${port} (udp)`);
    io.stdin.write('typed before anyone wrote\n');
    const a = await peer();
    const b = await peer();
    a.socket.send('hello\n', port, '127.0.0.1');
    await until(() => a.received.length === 1, 'the first stdin line');
    expect(String(a.received[0])).toBe('typed before anyone wrote\n');
    b.socket.send('intruder\n', port, '127.0.0.1');
    await until(() => run.statuses.some((s) => s.startsWith('Ignoring')), 'Ignoring');
    io.stdin.write('second\r\nthird');
    io.stdin.end();
    await until(() => a.received.length === 3, 'the other stdin lines');
    expect(a.received.slice(1).map(String)).toEqual(['second\r\n', 'third']);
    a.socket.send(Buffer.from([0x61, 0x00, 0x62]), port, '127.0.0.1');
    await until(() => io.stdoutText().length === 9, 'the binary payload');
    controller.abort('SIGINT');
    await expect(run.result).resolves.toBe(0);
    expect(io.stdoutText()).toBe('hello\na\u0000b');
    expect(b.received).toEqual([]);
    const aPort = a.socket.address().port;
    const bPort = b.socket.address().port;
    expect(run.statuses).toEqual([
      `Listening on 127.0.0.1:${port} (udp)`,
      `Datagram from 127.0.0.1:${aPort}`,
      `Ignoring 127.0.0.1:${bPort}: talking to 127.0.0.1:${aPort} (-k hears every sender)`,
    ]);
  });

  it('-k hears every sender, answers the last one, --hex prints one hex line per datagram', async () => {
    const { io, controller } = controllableIo();
    const run = start({ host: '::1', keep: true, hex: true }, io);
    const port = await run.port();
    const a = await peer('udp6');
    const b = await peer('udp6');
    a.socket.send(Buffer.from([1, 2]), port, '::1');
    await until(() => io.stdoutText() === '0102\n', 'a');
    b.socket.send(Buffer.from([0xff]), port, '::1');
    await until(() => io.stdoutText() === '0102\nff\n', 'b');
    io.stdin.write('to b\n');
    await until(() => b.received.length === 1, 'the line to b');
    controller.abort('SIGTERM');
    await expect(run.result).resolves.toBe(0);
    expect(String(b.received[0])).toBe('to b\n');
    expect(a.received).toEqual([]);
    expect(run.statuses.filter((s) => s.startsWith('Datagram from'))).toHaveLength(2);
  });

  it('--json prints records instead of raw bytes', async () => {
    const { io, controller } = controllableIo();
    const run = start({ host: '127.0.0.1' }, io, true);
    const port = await run.port();
    const a = await peer();
    a.socket.send('hi', port, '127.0.0.1');
    await until(() => io.stdoutText().endsWith('\n'), 'the record');
    controller.abort('SIGINT');
    await run.result;
    expect(JSON.parse(io.stdoutText())).toEqual({
      time: '2026-11-25T18:35:14.000Z',
      from: { address: '127.0.0.1', port: a.socket.address().port },
      size: 2,
      data: 'hi',
      hex: '6869',
    });
  });

  it('a stdin line too long for one datagram is a usage error', async () => {
    const { io } = controllableIo();
    const run = start({ host: '127.0.0.1' }, io);
    await run.port();
    io.stdin.write(Buffer.alloc(70_000, 0x61));
    await expect(run.result).rejects.toThrow('a stdin line is over 65,507 bytes, too long for one datagram');
  });
});
