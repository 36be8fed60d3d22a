/**
 * The load generator for bench/serve.mjs, run in its own process so it never shares an event loop with
 * a server. Bounded: every mode stops after `seconds` (or the burst deadline). Loopback only.
 *   node bench/serve-load.mjs '{"mode":"rr","port":7007,"size":64,"conns":50,"seconds":2}'
 * Modes: rr (echo round trips on `conns` connections), conn (connect-echo-close at `conns` at once),
 * burst (`conns` simultaneous connects, each echoing once; then holds them `holdMs`).
 * Prints one JSON object.
 */
import { connect } from 'node:net';

const options = JSON.parse(process.argv[2]);
const { mode, port, host = '127.0.0.1', size = 64, conns = 1, seconds = 2, holdMs = 0 } = options;
const message = Buffer.alloc(size, 0x61);

function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Round trips: each connection sends one message, waits for all of it to come back, and repeats. */
async function roundTrips() {
  let trips = 0;
  let running = true;
  const sockets = [];
  await Promise.all(
    Array.from({ length: conns }, () =>
      new Promise((resolve, reject) => {
        const socket = connect({ port, host, noDelay: true }, resolve);
        socket.once('error', reject);
        sockets.push(socket);
      }),
    ),
  );
  const start = now();
  for (const socket of sockets) {
    let received = 0;
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      received += chunk.length;
      while (received >= size) {
        received -= size;
        trips++;
        if (running) socket.write(message);
      }
    });
    socket.write(message);
  }
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  running = false;
  const elapsed = (now() - start) / 1000;
  for (const socket of sockets) socket.destroy();
  return { tripsPerSecond: trips / elapsed, mibPerSecond: (trips * size) / elapsed / 1048576 };
}

/** Connections per second: connect, send 64 B, wait for the echo, close; `conns` workers at once. */
async function connectionRate() {
  let done = 0;
  let failed = 0;
  const deadline = now() + seconds * 1000;
  const start = now();
  const worker = async () => {
    while (now() < deadline) {
      const ok = await new Promise((resolve) => {
        const socket = connect({ port, host, noDelay: true });
        let received = 0;
        const timer = setTimeout(() => socket.destroy(), 5000);
        socket.once('connect', () => socket.write(message));
        socket.on('data', (chunk) => {
          received += chunk.length;
          if (received >= size) socket.end();
        });
        socket.once('error', () => {});
        socket.once('close', () => {
          clearTimeout(timer);
          resolve(received >= size);
        });
      });
      if (ok) done++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: conns }, worker));
  return { connectionsPerSecond: done / ((now() - start) / 1000), failed };
}

/** Simultaneous connects: all at once, each echoes one message; how many made it, and how long until the last did. */
async function burst() {
  const start = now();
  const sockets = [];
  let last = start;
  const results = await Promise.all(
    Array.from({ length: conns }, () =>
      new Promise((resolve) => {
        const socket = connect({ port, host, noDelay: true });
        sockets.push(socket);
        let received = 0;
        const timer = setTimeout(() => resolve(false), 5000);
        socket.once('connect', () => socket.write(message));
        socket.on('data', (chunk) => {
          received += chunk.length;
          if (received >= size) {
            clearTimeout(timer);
            last = now();
            resolve(true);
          }
        });
        socket.once('error', () => {
          clearTimeout(timer);
          resolve(false);
        });
      }),
    ),
  );
  const ok = results.filter(Boolean).length;
  const ms = last - start;
  if (holdMs > 0) {
    process.stdout.write(`${JSON.stringify({ holding: ok })}\n`);
    await new Promise((resolve) => setTimeout(resolve, holdMs));
  }
  for (const socket of sockets) socket.destroy();
  return { ok, ms };
}

const run = { rr: roundTrips, conn: connectionRate, burst }[mode];
process.stdout.write(`${JSON.stringify(await run())}\n`);
process.exit(0);
