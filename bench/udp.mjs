/**
 * UDP echo throughput: datagrams/s through `nettool udp listen --echo` against a bare Node dgram echo
 * and socat, with the same bounded sender (fixed window of outstanding datagrams, fixed count, time cap),
 * interleaved. Goal: at least 0.9 of the bare Node dgram echo. Loopback only.
 */
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { median, nettool, printTable, ratio } from './lib.mjs';

const nodeEcho = `const s=require('dgram').createSocket('udp4');s.on('message',(m,r)=>s.send(m,r.port,r.address));s.bind(+process.argv[1],'127.0.0.1')`;

const servers = {
  'node dgram echo': (port) => [process.execPath, '-e', nodeEcho, String(port)],
  'nettool udp listen --echo': (port) => [process.execPath, nettool, 'udp', 'listen', String(port), '--host', '127.0.0.1', '--echo'],
  'socat UDP-LISTEN PIPE': (port) => ['socat', `UDP-LISTEN:${port},bind=127.0.0.1,reuseaddr`, 'PIPE'],
  'socat UDP-RECVFROM,fork EXEC:cat': (port) => ['socat', `UDP-RECVFROM:${port},bind=127.0.0.1,fork`, 'EXEC:cat'],
};

/** socat forks a process per datagram; a smaller count keeps its runs inside the time cap. */
const countFor = (name, count) => (name.includes('fork') ? Math.min(count, 400) : count);

async function freePort() {
  const socket = dgram.createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const { port } = socket.address();
  socket.close();
  return port;
}

/**
 * Keeps `window` datagrams outstanding until `count` came back or `capMs` passed. Echoed bytes are
 * credited in payload-sized units, because socat's PIPE may merge datagrams on their way back.
 * A window that makes no progress for 100 ms is written off as lost and refilled.
 */
async function drive(port, { count, window, size, capMs }) {
  const socket = dgram.createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  socket.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.on('error', () => {});
  const payload = Buffer.alloc(size, 0x61);
  // Ready once one datagram comes back.
  let ready = false;
  socket.once('message', () => (ready = true));
  for (const start = Date.now(); !ready; ) {
    if (Date.now() - start > 5000) throw new Error(`no echo on port ${port} within 5 s`);
    socket.send(payload);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  let sent = 0;
  let echoedBytes = 0;
  let lost = 0;
  const credited = () => Math.floor(echoedBytes / size) + lost;
  const fill = () => {
    while (sent < count && sent - credited() < window) {
      sent++;
      socket.send(payload);
    }
  };
  const start = process.hrtime.bigint();
  const finished = new Promise((resolve) => {
    let lastCredited = -1;
    const watchdog = setInterval(() => {
      const now = credited();
      if (now === lastCredited && sent > now) {
        lost += sent - now;
        fill();
      }
      lastCredited = credited();
    }, 100);
    const cap = setTimeout(() => done(), capMs);
    const done = () => {
      clearInterval(watchdog);
      clearTimeout(cap);
      resolve();
    };
    socket.on('message', (message) => {
      echoedBytes += message.length;
      if (credited() >= count) done();
      else fill();
    });
  });
  fill();
  await finished;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  socket.close();
  return { rate: Math.floor(echoedBytes / size) / seconds, lost };
}

async function measure(argv, options) {
  const child = spawn(argv[0], argv.slice(1), { stdio: 'ignore', detached: true });
  try {
    return await drive(options.port, options);
  } finally {
    // socat's forked children share its process group.
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    if (child.exitCode === null) await once(child, 'exit');
  }
}

export default async function udp({ rounds = 7, count = 20_000, window = 32, size = 64, capMs = 10_000 } = {}) {
  if (spawnSync('socat', ['-V']).status !== 0) throw new Error('socat is missing: apt-get install socat');
  const rates = Object.fromEntries(Object.keys(servers).map((name) => [name, []]));
  const losses = Object.fromEntries(Object.keys(servers).map((name) => [name, 0]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, command] of Object.entries(servers)) {
      const port = await freePort();
      const { rate, lost } = await measure(command(port), { port, count: countFor(name, count), window, size, capMs });
      rates[name].push(rate);
      losses[name] += lost;
    }
  }
  const base = median(rates['node dgram echo']);
  printTable(
    `udp echo (${size}-byte datagrams, window ${window}, ${count} per run (socat fork: ${countFor('fork', count)}), cap ${capMs / 1000} s, median of ${rounds} interleaved rounds)`,
    [
      ['server', 'datagrams/s', 'lost', 'ratio to node dgram echo'],
      ...Object.entries(rates).map(([name, values]) => [name, Math.round(median(values)).toLocaleString('en'), losses[name], ratio(median(values), base)]),
    ],
  );
}
