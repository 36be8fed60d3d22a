import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openStreamListener, type StreamListener } from '../../../src/net/stream-listener.js';

const listeners: StreamListener[] = [];
afterEach(() => {
  for (const listener of listeners.splice(0)) listener.close();
});

async function tcpListener(): Promise<{ listener: StreamListener; port: number }> {
  const listener = await openStreamListener({ port: 0, host: '127.0.0.1' }, { onStatus: () => {} });
  listeners.push(listener);
  return { listener, port: Number(listener.address.split(':').pop()) };
}

function connectAndReset(port: number): Socket {
  const client = connect(port, '127.0.0.1', () => client.resetAndDestroy());
  client.on('error', () => {});
  return client;
}

describe('openStreamListener: peers that reset at once', () => {
  it('are never called "a Unix peer" (getpeername fails once the reset is in)', async () => {
    const { listener, port } = await tcpListener();
    const names: string[] = [];
    for (let i = 0; i < 5; i++) {
      const accepted = listener.accept(new AbortController().signal);
      connectAndReset(port);
      const { socket, peer } = await accepted;
      socket.on('error', () => {});
      socket.destroy();
      names.push(peer);
    }
    for (const name of names) expect(name).toMatch(/^127\.0\.0\.1:\d+$|already gone/);
  });

  it('one that resets while queued is no crash and leaves the queue; the next peer is handed out', async () => {
    const { listener, port } = await tcpListener();
    connectAndReset(port);
    // Nobody accepts for a while: the reset reaches the queued socket as an 'error'.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const client = connect(port, '127.0.0.1');
    const { socket, peer } = await listener.accept(new AbortController().signal);
    expect(peer).toBe(`127.0.0.1:${client.localPort}`);
    socket.destroy();
    client.destroy();
  });
});

describe('openStreamListener on :: (both families)', () => {
  it('names an IPv4 peer as 127.0.0.1:port, not in its IPv4-mapped form (as udp listen does)', async () => {
    const listener = await openStreamListener({ port: 0, host: '::' }, { onStatus: () => {} });
    listeners.push(listener);
    const port = Number(listener.address.split(':').pop());
    const client = connect(port, '127.0.0.1');
    const { socket, peer } = await listener.accept(new AbortController().signal);
    expect(peer).toBe(`127.0.0.1:${client.localPort}`);
    socket.destroy();
    client.destroy();
  });
});
