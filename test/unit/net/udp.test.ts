import dgram from 'node:dgram';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { openUdpClient, openUdpListener, resolveUdpHost, udpExchange, type UdpAddress } from '../../../src/net/udp.js';

const sockets: dgram.Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});
const options = () => ({ signal: new AbortController().signal, timeoutMs: 5000 });

/** A loopback echo server that answers each datagram `copies` times. */
async function echoServer(copies = 1): Promise<UdpAddress> {
  const socket = dgram.createSocket('udp4');
  sockets.push(socket);
  socket.on('message', (payload, from) => {
    for (let i = 0; i < copies; i++) socket.send(payload, from.port, from.address);
  });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return { address: '127.0.0.1', port: socket.address().port, family: 4 };
}

async function client(remote: UdpAddress): Promise<dgram.Socket> {
  const socket = await openUdpClient(remote, options());
  sockets.push(socket);
  return socket;
}

async function* source(...payloads: string[]): AsyncGenerator<Uint8Array> {
  for (const payload of payloads) yield Buffer.from(payload);
}

describe('udpExchange', () => {
  it('sends in order, collects the replies, then waits as long as asked', async () => {
    const remote = await echoServer();
    const replies: string[] = [];
    const started = Date.now();
    const result = await udpExchange(await client(remote), remote, source('a', 'bb', 'ccc'), {
      signal: new AbortController().signal,
      waitMs: 300,
      onReply: (payload) => replies.push(String(payload)),
    });
    expect(result).toEqual({ sent: 3, bytesSent: 6, replies: 3 });
    expect(replies).toEqual(['a', 'bb', 'ccc']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('stops waiting once maxReplies came', async () => {
    const remote = await echoServer(2);
    const started = Date.now();
    const result = await udpExchange(await client(remote), remote, source('x'), {
      signal: new AbortController().signal,
      waitMs: 10_000,
      maxReplies: 2,
      onReply: () => {},
    });
    expect(result.replies).toBe(2);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('waitMs 0 returns as soon as everything is sent', async () => {
    const remote = await echoServer();
    const calls: [number, number][] = [];
    const result = await udpExchange(await client(remote), remote, source('one', 'two'), {
      signal: new AbortController().signal,
      waitMs: 0,
      onReply: () => {},
      onAllSent: (sent, bytes) => calls.push([sent, bytes]),
    });
    expect(result).toMatchObject({ sent: 2, bytesSent: 6 });
    expect(calls).toEqual([[2, 6]]);
  });

  it('an ICMP port unreachable is `port unreachable`, exit code 1', async () => {
    const closed = await echoServer();
    sockets.pop()!.close();
    const exchange = udpExchange(await client(closed), closed, source('anyone?'), { signal: new AbortController().signal, waitMs: 5000, onReply: () => {} });
    await expect(exchange).rejects.toMatchObject({ exitCode: 1, message: `port unreachable: nothing listens on 127.0.0.1:${closed.port}/udp (ICMP port unreachable)` });
  });

  it('an abort stops a source that never ends, with InterruptedError', async () => {
    const remote = await echoServer();
    const controller = new AbortController();
    const never = (async function* () {
      yield Buffer.from('first');
      await new Promise(() => {});
    })();
    const exchange = udpExchange(await client(remote), remote, never, { signal: controller.signal, waitMs: 1000, onReply: () => controller.abort('SIGINT') });
    await expect(exchange).rejects.toMatchObject({ name: 'InterruptedError', exitCode: 130 });
  });

  it('a failing source fails the exchange with its own error', async () => {
    const remote = await echoServer();
    const failing = (async function* () {
      yield Buffer.from('ok');
      throw new Error('source broke');
    })();
    await expect(udpExchange(await client(remote), remote, failing, { signal: new AbortController().signal, waitMs: 0, onReply: () => {} })).rejects.toThrow('source broke');
  });
});

describe('openUdpListener and resolveUdpHost', () => {
  it('binds :: for both families by default and reports the real port', async () => {
    const { socket, local } = await openUdpListener(undefined, 0, options());
    sockets.push(socket);
    expect(local).toEqual({ address: '::', port: expect.any(Number), family: 6 });
    expect(local.port).toBeGreaterThan(0);
  });

  it('binds the address given', async () => {
    const { socket, local } = await openUdpListener({ address: '127.0.0.1', family: 4 }, 0, options());
    sockets.push(socket);
    expect(local.address).toBe('127.0.0.1');
  });

  it('a port in use is a network error naming the address', async () => {
    const first = await openUdpListener({ address: '127.0.0.1', family: 4 }, 0, options());
    sockets.push(first.socket);
    await expect(openUdpListener({ address: '127.0.0.1', family: 4 }, first.local.port, options())).rejects.toMatchObject({
      exitCode: 1,
      message: `bind EADDRINUSE 127.0.0.1:${first.local.port} (address already in use)`,
    });
  });

  it('an aborted signal stops before binding', async () => {
    const controller = new AbortController();
    controller.abort('SIGINT');
    await expect(openUdpListener(undefined, 0, { signal: controller.signal, timeoutMs: 1000 })).rejects.toMatchObject({ exitCode: 130 });
  });

  it('address literals resolve to themselves without a lookup; names through the system resolver', async () => {
    await expect(resolveUdpHost('::1', 6, options())).resolves.toEqual({ address: '::1', family: 6 });
    await expect(resolveUdpHost('127.0.0.1', 4, options())).resolves.toEqual({ address: '127.0.0.1', family: 4 });
    await expect(resolveUdpHost('localhost', 4, options())).resolves.toEqual({ address: '127.0.0.1', family: 4 });
  });
});
