/**
 * `nettool serve echo` against bare Node (s.pipe(s)), socat (plain and tuned), ncat and Python's
 * ThreadingTCPServer, with one load generator (bench/serve-load.mjs) in its own process, cells
 * interleaved across servers, median of SERVE_BENCH_ROUNDS (3) rounds of SERVE_BENCH_SECONDS (1) each.
 * Loopback only; every cell is bounded: about 3.5 min in all, 5.5 min with SERVE_BENCH_PINNED=1 (a second
 * pass with every process on CPU 0). SERVE_BENCH_SERVERS=nettool,node picks servers.
 *   npm run bench -- serve
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { median, nettool, printTable, root } from './lib.mjs';

const pythonEcho = `
import socketserver, sys
class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        try:
            while True:
                data = self.request.recv(65536)
                if not data: break
                self.request.sendall(data)
        except OSError:
            pass
class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024
Server(('127.0.0.1', int(sys.argv[1])), Echo).serve_forever()
`;

const servers = {
  nettool: (port) => [process.execPath, nettool, 'serve', 'echo', String(port), '--host', '127.0.0.1', '-q'],
  // Two processes behind one listener (serve --workers): on two cores the load generator competes for them.
  'nettool-w2': (port) => [process.execPath, nettool, 'serve', 'echo', String(port), '--host', '127.0.0.1', '-q', '--workers', '2'],
  node: (port) => [process.execPath, '-e', `require('net').createServer((s) => { s.on('error', () => {}); s.pipe(s); }).listen(${port}, '127.0.0.1')`],
  socat: (port) => ['socat', `TCP4-LISTEN:${port},bind=127.0.0.1,fork,reuseaddr`, 'PIPE'],
  'socat tuned': (port) => ['socat', '-b', '65536', `TCP4-LISTEN:${port},bind=127.0.0.1,fork,reuseaddr,nodelay,backlog=1024`, 'PIPE'],
  ncat: (port) => ['ncat', '-l', '-k', '--max-conns', '1000', '--exec', '/bin/cat', '127.0.0.1', String(port)],
  python: (port) => ['python3', '-c', pythonEcho, String(port)],
};

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitForPort(port) {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listening on ${port}`);
}

/** The PIDs of a process and all its descendants (socat and ncat fork one per connection). */
function processTree(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  const tree = [];
  const walk = (p) => {
    tree.push(p);
    for (const child of children.get(p) ?? []) walk(child);
  };
  walk(pid);
  return tree;
}

/** CPU time (ms) the server has used: its live tree, plus children it has already reaped (socat, ncat fork per connection). */
function cpuMs(pid) {
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[11..14] = utime, stime, cutime, cstime (proc(5) fields 14-17)
      total += Number(fields[11]) + Number(fields[12]) + (p === pid ? Number(fields[13]) + Number(fields[14]) : 0);
    } catch {
      // gone meanwhile
    }
  }
  return (total * 1000) / ticks;
}

/** Proportional set size of the whole tree in KiB (shared pages divided among sharers). */
function pssKiB(pid) {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      total += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

function runLoad(options, { pinned, onSample }) {
  const argv = [process.execPath, `${root}bench/serve-load.mjs`, JSON.stringify(options)];
  const child = spawn(pinned ? 'taskset' : argv[0], pinned ? ['-c', '0', ...argv] : argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const sampler = onSample ? setInterval(onSample, 100) : undefined;
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      if (sampler) clearInterval(sampler);
      if (code !== 0) return reject(new Error(`load generator exited ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)));
    });
  });
}

const f0 = (n) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));

export default async function serve({
  seconds = Number(process.env.SERVE_BENCH_SECONDS ?? 1),
  rounds = Number(process.env.SERVE_BENCH_ROUNDS ?? 3),
  pinnedPass = process.env.SERVE_BENCH_PINNED === '1',
} = {}) {
  const running = {};
  try {
    const only = process.env.SERVE_BENCH_SERVERS?.split(',');
    for (const [name, argv] of Object.entries(servers)) {
      if (only && !only.includes(name)) continue;
      const port = await freePort();
      const [command, ...args] = argv(port);
      const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
      running[name] = { port, child, peakPss: 0, idlePss: 0 };
    }
    for (const server of Object.values(running)) await waitForPort(server.port);
    // A throwaway round per server first, so no figure includes a JIT warming up.
    for (const server of Object.values(running)) await runLoad({ mode: 'rr', size: 64, conns: 10, seconds: 0.5, port: server.port }, { pinned: false });

    const cells = [];
    for (const size of [64, 65536]) for (const conns of [1, 50, 500]) cells.push({ label: `echo ${size === 64 ? '64 B' : '64 KiB'} × ${conns} conn`, unit: size === 64 ? 'round trips/s' : 'MiB/s', load: { mode: 'rr', size, conns, seconds }, pick: (r) => (size === 64 ? r.tripsPerSecond : r.mibPerSecond), pinnable: conns < 500 });
    for (const conns of [1, 50]) cells.push({ label: `connect-echo-close × ${conns}`, unit: 'conns/s', load: { mode: 'conn', size: 64, conns, seconds }, pick: (r) => r.connectionsPerSecond });
    cells.push({ label: '500 simultaneous connects', unit: 'echoed of 500 / ms to last', load: { mode: 'burst', size: 64, conns: 500, holdMs: 1000 }, pick: (r) => r, burst: true });

    const passes = pinnedPass ? [false, true] : [false];
    const rows = [];
    for (const pinned of passes) {
      if (pinned) for (const server of Object.values(running)) for (const pid of processTree(server.child.pid)) execFileSync('taskset', ['-a', '-cp', '0', String(pid)], { stdio: 'ignore' });
      for (const cell of cells) {
        if (pinned && !cell.pinnable) continue;
        // Rounds interleave the servers (A B C ... A B C) so the machine's drift touches all alike; medians are kept.
        const samples = Object.fromEntries(Object.keys(running).map((name) => [name, []]));
        for (let round = 0; round < (cell.burst ? 1 : rounds); round++) {
          for (const [name, server] of Object.entries(running)) {
            const watchMemory = cell.load.conns === 500;
            const sample = () => {
              const kib = pssKiB(server.child.pid);
              server.peakPss = Math.max(server.peakPss, kib);
              // The burst holds its 500 connections idle: what a server needs just to keep them.
              if (cell.burst) server.idlePss = Math.max(server.idlePss, kib);
            };
            if (server.child.exitCode !== null) throw new Error(`${name} exited with ${server.child.exitCode}`);
            const cpuBefore = cpuMs(server.child.pid);
            const value = cell.pick(await runLoad({ ...cell.load, port: server.port }, { pinned, onSample: watchMemory && !pinned ? sample : undefined }));
            const cpu = cpuMs(server.child.pid) - cpuBefore;
            // Work done per CPU-second the server burnt: what the server costs, far less sensitive to a busy machine.
            samples[name].push({ value, perCpu: typeof value === 'number' ? (value * seconds) / Math.max(0.01, cpu / 1000) : 0 });
          }
        }
        const results = Object.fromEntries(
          Object.entries(samples).map(([name, list]) => {
            if (cell.burst) return [name, list[0]];
            const byValue = [...list].sort((a, b) => a.value - b.value);
            const mid = byValue[byValue.length >> 1];
            return [name, { value: mid.value, perCpu: median(list.map((x) => x.perCpu)) }];
          }),
        );
        rows.push({ cell: `${cell.label}${pinned ? ' (pinned)' : ''}`, unit: cell.unit, results, burst: cell.burst, seconds: cell.load.seconds });
      }
    }

    const names = Object.keys(running);
    const peers = names.filter((n) => !n.startsWith('nettool') && n !== 'node');
    const ratios = (score) => {
      const best = Math.max(0, ...peers.map(score));
      return [(score('nettool') / score('node')).toFixed(2), peers.length ? (score('nettool') / best).toFixed(2) : '-'];
    };
    const header = ['cell', 'unit', ...names, 'nettool/node', 'nettool/best peer'];
    const table = [header];
    const efficiency = [header.map((h) => (h === 'unit' ? 'per server CPU-second' : h))];
    for (const row of rows) {
      const r = (n) => row.results[n].value;
      if (row.burst) {
        // Fewer echoed is worse; among equals, less time is better (higher ratio = nettool ahead).
        const score = (n) => r(n).ok / Math.max(1, r(n).ms);
        table.push([row.cell, row.unit, ...names.map((n) => `${r(n).ok} / ${Math.round(r(n).ms)}`), ...ratios(score)]);
        continue;
      }
      table.push([row.cell, row.unit, ...names.map((n) => f0(r(n))), ...ratios(r)]);
      const perCpu = (n) => row.results[n].perCpu;
      efficiency.push([row.cell, row.unit.replace('/s', ''), ...names.map((n) => f0(perCpu(n))), ...ratios(perCpu)]);
    }
    for (const [label, key] of [['peak PSS at 500 conns', 'peakPss'], ['PSS holding 500 idle conns', 'idlePss']]) {
      const pss = Object.fromEntries(names.map((n) => [n, running[n][key] / 1024]));
      const leanest = Math.min(Infinity, ...peers.map((n) => pss[n]));
      table.push([label, 'MiB (lower is better)', ...names.map((n) => pss[n].toFixed(1)), (pss.node / pss.nettool).toFixed(2), peers.length ? (leanest / pss.nettool).toFixed(2) : '-']);
    }
    printTable(`serve echo: nettool vs bare Node and peers (median of ${rounds} interleaved rounds of ${seconds} s; ratios > 1 favour nettool)`, table);
    printTable('serve echo: work per CPU-second of the server (ratios > 1 favour nettool)', efficiency);
  } finally {
    for (const server of Object.values(running)) {
      for (const pid of processTree(server.child.pid).reverse()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await serve();
