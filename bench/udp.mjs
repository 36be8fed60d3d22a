/**
 * UDP echo throughput: datagrams/s through `nettool udp listen --echo` against a bare Node dgram echo
 * and socat, with the same bounded sender (fixed window of outstanding datagrams, fixed count, time cap),
 * interleaved. Goal: at least 0.9 of the bare Node dgram echo. Loopback only.
 * Also the server's CPU time per datagram (Linux /proc), which shared-machine load disturbs less than rates;
 * its ratio is the bare echo's cost over the server's (1.00 = as cheap, lower = dearer).
 */
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { median, nettool, printTable, ratio } from './lib.mjs';

const nodeEcho = `const s=require('dgram').createSocket('udp4');s.on('message',(m,r)=>s.send(m,r.port,r.address));s.bind(+process.argv[1],'127.0.0.1')`;

const nettoolEcho = (port) => [process.execPath, nettool, 'udp', 'listen', String(port), '--host', '127.0.0.1', '--echo'];

/** Every server's stdout is /dev/null, except where a `cat` reads it: then nettool formats and writes every line. */
const servers = {
  'node dgram echo': (port) => [process.execPath, '-e', nodeEcho, String(port)],
  'nettool udp listen --echo, stdout /dev/null': nettoolEcho,
  'nettool udp listen --echo, stdout piped to cat': nettoolEcho,
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

/** Loopback UDP client, connected to the server's port, that fails loudly if nothing echoes within 5 s. */
async function openClient(port, payload) {
  const socket = dgram.createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  socket.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.on('error', () => {});
  let ready = false;
  socket.once('message', () => (ready = true));
  for (const start = Date.now(); !ready; ) {
    if (Date.now() - start > 5000) throw new Error(`no echo on port ${port} within 5 s`);
    socket.send(payload);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  return socket;
}

/**
 * Keeps `window` datagrams outstanding until `count` came back or `capMs` passed. Echoed bytes are
 * credited in payload-sized units, because socat's PIPE may merge datagrams on their way back.
 * A window that makes no progress for 100 ms is written off as lost and refilled.
 */
async function pump(socket, { count, window, size, capMs }) {
  const payload = Buffer.alloc(size, 0x61);
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
  await new Promise((resolve) => {
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
    const onMessage = (message) => {
      echoedBytes += message.length;
      if (credited() >= count) done();
      else fill();
    };
    const done = () => {
      clearInterval(watchdog);
      clearTimeout(cap);
      socket.off('message', onMessage);
      resolve();
    };
    socket.on('message', onMessage);
    fill();
  });
  // Stragglers of this pump must not count towards the next one.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { echoed: Math.floor(echoedBytes / size), seconds, lost };
}

/** Warms the server up (its JIT, the socket buffers) with a tenth of the count, then measures. */
async function drive(port, options, serverCpu) {
  const socket = await openClient(port, Buffer.alloc(options.size, 0x61));
  try {
    await pump(socket, { ...options, count: Math.ceil(options.count / 10) });
    const cpuBefore = serverCpu();
    const { echoed, seconds, lost } = await pump(socket, options);
    const cpuUsPerDatagram = ((serverCpu() - cpuBefore) * 1000) / echoed;
    return { rate: echoed / seconds, lost, cpuUsPerDatagram };
  } finally {
    socket.close();
  }
}

/** CPU ms a process and its reaped children used (Linux /proc/PID/stat utime+stime+cutime+cstime, 100 Hz ticks). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 10;
}

async function measure(argv, options) {
  // The server writes straight into cat's stdin: no bytes pass through this process.
  const reader = options.cat ? spawn('cat', [], { stdio: ['pipe', 'ignore', 'ignore'] }) : undefined;
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', reader ? reader.stdin : 'ignore', 'ignore'], detached: true });
  reader?.stdin.destroy();
  try {
    const result = await drive(options.port, options, () => cpuMs(child.pid));
    return result;
  } finally {
    // socat's forked children share its process group.
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    if (child.exitCode === null) await once(child, 'exit');
    if (reader && reader.exitCode === null) await once(reader, 'exit');
  }
}

export default async function udp({ rounds = 7, count = 40_000, window = 32, size = 64, capMs = 10_000 } = {}) {
  if (spawnSync('socat', ['-V']).status !== 0) throw new Error('socat is missing: apt-get install socat');
  const rates = Object.fromEntries(Object.keys(servers).map((name) => [name, []]));
  const losses = Object.fromEntries(Object.keys(servers).map((name) => [name, 0]));
  const cpu = Object.fromEntries(Object.keys(servers).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, command] of Object.entries(servers)) {
      const port = await freePort();
      const { rate, lost, cpuUsPerDatagram } = await measure(command(port), { port, count: countFor(name, count), window, size, capMs, cat: name.includes('piped to cat') });
      rates[name].push(rate);
      cpu[name].push(cpuUsPerDatagram);
      losses[name] += lost;
    }
  }
  const base = median(rates['node dgram echo']);
  const baseCpu = median(cpu['node dgram echo']);
  printTable(
    `udp echo (${size}-byte datagrams, window ${window}, ${count} per run (socat fork: ${countFor('fork', count)}), cap ${capMs / 1000} s, median of ${rounds} interleaved rounds)`,
    [
      ['server', 'datagrams/s', 'ratio to node dgram echo', 'server CPU µs/datagram', 'CPU ratio', 'lost'],
      ...Object.entries(rates).map(([name, values]) => [
        name,
        Math.round(median(values)).toLocaleString('en'),
        ratio(median(values), base),
        median(cpu[name]).toFixed(1),
        ratio(baseCpu, median(cpu[name])),
        losses[name],
      ]),
    ],
  );
}
