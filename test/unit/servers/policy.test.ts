import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCidr } from '../../../src/protocol/cidr.js';
import type { ServeEvent } from '../../../src/protocol/serve-events.js';
import { createEchoServer } from '../../../src/servers/echo.js';
import { createHttpServer } from '../../../src/servers/http.js';
import type { ServerHandle } from '../../../src/servers/listen.js';
import { ConnectionPolicy, type PolicyOptions } from '../../../src/servers/policy.js';

const handles: ServerHandle[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.destroy());
  await Promise.all(handles.splice(0).map((h) => h.close()));
});

async function echoWith(options: Omit<PolicyOptions, 'now' | 'onEvent'>) {
  const events: ServeEvent[] = [];
  const policy = new ConnectionPolicy({ ...options, now: Date.now, onEvent: (e) => events.push(e) });
  const handle = await createEchoServer({ target: { kind: 'inet', host: '127.0.0.1', port: 0 }, policy });
  handles.push(handle);
  const port = handle.address.kind === 'inet' ? handle.address.port : 0;
  return { policy, events, port };
}

/** Connects, sends `text`, and resolves with what came back before the server closed or 300 ms passed. */
function exchange(port: number, text: string): Promise<{ echoed: string; closedByServer: boolean }> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    sockets.push(socket);
    let echoed = '';
    const timer = setTimeout(() => resolve({ echoed, closedByServer: false }), 300);
    socket.on('data', (chunk) => (echoed += chunk.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ echoed, closedByServer: true });
    });
    socket.on('connect', () => socket.write(text));
  });
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('ConnectionPolicy with a real echo server', () => {
  it('reports the real port for port 0 and echoes', async () => {
    const { port } = await echoWith({});
    expect(port).toBeGreaterThan(0);
    expect((await exchange(port, 'ping')).echoed).toBe('ping');
  });

  it('refuses clients outside --allow at once and logs them', async () => {
    const { port, events, policy } = await echoWith({ allow: [parseCidr('10.0.0.0/8')] });
    expect(await exchange(port, 'ping')).toEqual({ echoed: '', closedByServer: true });
    expect(events).toContainEqual({ type: 'refused', client: expect.stringMatching(/^127\.0\.0\.1:\d+$/), reason: 'not in --allow' });
    expect(policy.summary()).toMatchObject({ connections: 0, refused: 1 });
  });

  it('refuses beyond --max-clients', async () => {
    const { port, events } = await echoWith({ maxClients: 1 });
    const first = exchange(port, 'a');
    await until(() => events.some((e) => e.type === 'connection'));
    expect(await exchange(port, 'b')).toEqual({ echoed: '', closedByServer: true });
    expect((await first).echoed).toBe('a');
    expect(events.filter((e) => e.type === 'refused')).toEqual([expect.objectContaining({ reason: 'too many clients (--max-clients 1)' })]);
  });

  it('the idle sweep closes a quiet client and says why', async () => {
    const { port, events } = await echoWith({ idleTimeoutMs: 100 });
    const socket = connect({ port, host: '127.0.0.1' });
    sockets.push(socket);
    const closedAfter = await new Promise<number>((resolve) => {
      const start = Date.now();
      socket.on('close', () => resolve(Date.now() - start));
    });
    expect(closedAfter).toBeGreaterThanOrEqual(90);
    expect(closedAfter).toBeLessThan(1000);
    await until(() => events.some((e) => e.type === 'closed'));
    expect(events.find((e) => e.type === 'closed')).toMatchObject({ reason: 'idle for 0.1 s', bytesIn: 0, bytesOut: 0 });
  });

  it('counts bytes per client and in the summary; closeAll closes the rest', async () => {
    const { port, policy, events } = await echoWith({});
    expect((await exchange(port, 'x'.repeat(1000))).echoed).toHaveLength(1000);
    expect(policy.clients()).toEqual([expect.objectContaining({ bytesIn: 1000, bytesOut: 1000 })]);
    policy.closeAll();
    await until(() => policy.idle);
    expect(events.at(-1)).toMatchObject({ type: 'closed', bytesIn: 1000, bytesOut: 1000, reason: 'server stopping' });
    expect(policy.summary()).toMatchObject({ connections: 1, refused: 0, bytesIn: 1000, bytesOut: 1000 });
  });

  it('builds no events when nobody listens, yet still counts', async () => {
    const policy = new ConnectionPolicy({ now: Date.now });
    const handle = await createEchoServer({ target: { kind: 'inet', host: '127.0.0.1', port: 0 }, policy });
    handles.push(handle);
    const port = handle.address.kind === 'inet' ? handle.address.port : 0;
    expect((await exchange(port, 'abc')).echoed).toBe('abc');
    expect(policy.summary()).toMatchObject({ connections: 1 });
  });

  it('rate-limits datagrams per source and logs the first drop only', () => {
    const events: ServeEvent[] = [];
    const policy = new ConnectionPolicy({ udpRate: 2, now: () => 1000, onEvent: (e) => events.push(e) });
    const answered = Array.from({ length: 5 }, () => policy.admitDatagram('::ffff:127.0.0.1', 5000)).filter(Boolean).length;
    expect(answered).toBe(2);
    expect(policy.summary().dropped).toBe(3);
    expect(events).toEqual([{ type: 'rate-limited', client: '127.0.0.1:5000', limit: 2 }]);
  });
});

describe('a TCP peer that reset before it was accepted (getpeername fails: no remoteAddress)', () => {
  // What node hands the connection listener when the client connected, sent and reset before accept():
  // the local address is still there, the remote one is not.
  const resetSocket = () => {
    let destroyed = false;
    const socket = {
      remoteAddress: undefined, remotePort: undefined, localAddress: '127.0.0.1', localPort: 7,
      bytesRead: 0, bytesWritten: 0,
      destroy: () => { destroyed = true; },
      on: () => socket, once: () => socket,
    };
    return { socket: socket as unknown as Socket, destroyed: () => destroyed };
  };

  it('is refused under --allow (fail closed), not waved through as if it were a Unix socket peer', () => {
    const events: ServeEvent[] = [];
    const policy = new ConnectionPolicy({ allow: [parseCidr('10.0.0.0/8')], now: Date.now, onEvent: (e) => events.push(e) });
    const { socket, destroyed } = resetSocket();
    expect(policy.admit(socket)).toBe(false);
    expect(destroyed()).toBe(true);
    expect(events).toEqual([{ type: 'refused', client: 'a TCP peer already gone (reset before accept)', reason: expect.stringMatching(/not in --allow/) }]);
    expect(policy.summary()).toMatchObject({ connections: 0, refused: 1 });
  });

  it('without --allow is admitted but not logged as a Unix socket peer', () => {
    const events: ServeEvent[] = [];
    const policy = new ConnectionPolicy({ now: Date.now, onEvent: (e) => events.push(e) });
    expect(policy.admit(resetSocket().socket)).toBe(true);
    expect(events).toEqual([{ type: 'connection', id: 1, client: 'a TCP peer already gone (reset before accept)' }]);
  });
});

describe('createHttpServer access log', () => {
  it('counts each pipelined response once, even when the next one is ready before this one finishes', async () => {
    const events: ServeEvent[] = [];
    const policy = new ConnectionPolicy({ now: Date.now, onEvent: (e) => events.push(e) });
    // Every response ends at once, so the second and third wait, whole, in node:http's queue
    // while the first is still being written: the order of 'finish' listeners decides the counts.
    const bodies: Record<string, string> = { '/a': 'a'.repeat(10), '/b': 'b'.repeat(100), '/c': 'c'.repeat(1000) };
    const handle = await createHttpServer({
      target: { kind: 'inet', host: '127.0.0.1', port: 0 },
      policy,
      listener: () => (request, response) => response.end(bodies[request.url ?? ''] ?? ''),
    });
    handles.push(handle);
    const port = handle.address.kind === 'inet' ? handle.address.port : 0;
    const received = await new Promise<number>((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' });
      sockets.push(socket);
      let text = '';
      socket.on('error', reject);
      socket.on('data', (chunk) => {
        text += chunk.toString('latin1');
        if (text.includes('c'.repeat(1000))) resolve(text.length);
      });
      socket.write(['/a', '/b', '/c'].map((path) => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`).join(''));
    });
    await until(() => events.filter((e) => e.type === 'request').length === 3);
    const bytes = events.flatMap((e) => (e.type === 'request' ? [[e.path, e.bytes] as const] : []));
    expect(bytes.map(([path]) => path)).toEqual(['/a', '/b', '/c']);
    expect(bytes.reduce((sum, [, n]) => sum + n, 0)).toBe(received);
    // Headers differ only in Content-Length's digits: one more per tenfold body.
    expect(bytes[1]![1] - bytes[0]![1]).toBe(90 + 1);
    expect(bytes[2]![1] - bytes[1]![1]).toBe(900 + 1);
  });
});
