/**
 * Holds loopback sockets open for netstat's tests and benchmark, then closes them without TIME_WAIT.
 * Usage: node socket-holder.mjs --pairs N [--udp] [--unix DIR] [--max-seconds S]
 * Prints one JSON line when ready: {pid, tcpPort, pairs, udp: {unconnected, connected}, unix: {path}};
 * exits when stdin ends, on SIGTERM, or after --max-seconds (default 120), resetting every TCP
 * connection (RST) so that no TIME_WAIT rows outlive it. Talks only to 127.0.0.1 and Unix sockets.
 */
import { createSocket } from 'node:dgram';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '0' },
    udp: { type: 'boolean', default: false },
    unix: { type: 'string' },
    'max-seconds': { type: 'string', default: '120' },
  },
});
const pairs = Number(values.pairs);
const sockets = [];
const closers = [];

const server = createServer((socket) => sockets.push(socket));
server.maxConnections = pairs + 10;
await new Promise((resolve) => server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, resolve));
closers.push(() => server.close());
const tcpPort = server.address().port;

// Connect in batches, so that the accept queue never overflows (a dropped SYN costs a 1 s retry).
const batch = 500;
for (let done = 0; done < pairs; done += batch) {
  const connects = [];
  for (let i = done; i < Math.min(pairs, done + batch); i++) {
    connects.push(
      new Promise((resolve, reject) => {
        const socket = createConnection({ host: '127.0.0.1', port: tcpPort }, resolve);
        socket.on('error', reject);
        sockets.push(socket);
      }),
    );
  }
  await Promise.all(connects);
}
while (sockets.length < 2 * pairs) await new Promise((resolve) => setTimeout(resolve, 5));

const udp = {};
if (values.udp) {
  const bind = (socket) => new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const unconnected = createSocket('udp4');
  const connected = createSocket('udp4');
  await bind(unconnected);
  await bind(connected);
  await new Promise((resolve) => connected.connect(unconnected.address().port, '127.0.0.1', resolve));
  closers.push(() => unconnected.close(), () => connected.close());
  udp.unconnected = unconnected.address().port;
  udp.connected = { local: connected.address().port, remote: unconnected.address().port };
}

const unix = {};
if (values.unix) {
  const path = join(values.unix, 'holder.sock');
  const unixServer = createServer((socket) => sockets.push(socket));
  await new Promise((resolve) => unixServer.listen(path, resolve));
  await new Promise((resolve) => sockets.push(createConnection(path, resolve)));
  closers.push(() => unixServer.close());
  unix.path = path;
}

let finished = false;
function finish() {
  if (finished) return;
  finished = true;
  for (const socket of sockets) {
    if (typeof socket.resetAndDestroy === 'function' && socket.remoteFamily !== undefined) socket.resetAndDestroy();
    else socket.destroy();
  }
  for (const close of closers) close();
  setTimeout(() => process.exit(0), 100).unref();
}
setTimeout(finish, Number(values['max-seconds']) * 1000).unref();
process.on('SIGTERM', finish);
process.stdin.on('end', finish);
process.stdin.on('close', finish);
process.stdin.resume();
process.stdout.write(`${JSON.stringify({ pid: process.pid, tcpPort, pairs, udp, unix })}\n`);
