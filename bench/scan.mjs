/**
 * scan: all 65,535 loopback ports, `nettool scan 127.0.0.1 -` against `nc -z 127.0.0.1 1-65535`,
 * timed in the same run, interleaved (issue goal: nettool ≤ 1.0 × nc). A few listeners are open;
 * both tools' open sets are checked against them and against `ss -ltn` (nc -z counts a socket that
 * connected to itself as open: those ports are listed, not hidden). As root it runs in a network
 * namespace of its own (unshare -n), so that other programs' listeners do not come and go under it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { fmt, nettool, printTable, ratio, timeInterleaved } from './lib.mjs';

const runs = Number(process.env.SCAN_RUNS ?? 7);

async function openListeners(count) {
  const servers = [];
  for (let i = 0; i < count; i++) {
    const server = createServer((socket) => socket.destroy());
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
  }
  return servers;
}

function ncOpenSet() {
  const out = spawnSync('nc', ['-zv', '127.0.0.1', '1-65535'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return [...`${out.stdout}${out.stderr}`.matchAll(/^Connection to 127\.0\.0\.1 (\d+) port .*succeeded/gm)].map((m) => Number(m[1])).sort((a, b) => a - b);
}

function nettoolOpenSet() {
  const out = spawnSync(process.execPath, [nettool, 'scan', '127.0.0.1', '-', '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out.stdout).ports.map((p) => p.port);
}

function listeningPorts() {
  const out = spawnSync('ss', ['-Hltn'], { encoding: 'utf8' }).stdout;
  return new Set([...out.matchAll(/(?:127\.0\.0\.1|0\.0\.0\.0|\*|\[::\]):(\d+)\s/g)].map((m) => Number(m[1])));
}

async function measure() {
  // nc and nettool run in child processes: this process only holds the listeners, so it must not
  // block its event loop while they connect (spawnSync would). Children time each other here.
  const servers = await openListeners(5);
  const listening = servers.map((s) => s.address().port).sort((a, b) => a - b);
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--time', JSON.stringify(listening)], { stdio: 'inherit' });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  for (const server of servers) server.close();
  if (code !== 0) throw new Error(`scan timing exited ${code}`);
}

function time(listening) {
  const ss = listeningPorts();
  const nettoolSet = nettoolOpenSet();
  const ncSet = ncOpenSet();
  const same = (a, b) => a.length === b.length && a.every((p, i) => p === b[i]);
  const ncExtra = ncSet.filter((port) => !ss.has(port));
  console.log(`\nscan: 65,535 ports of 127.0.0.1, ${listening.length} listening (${listening.join(', ')}); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`open set: nettool ${JSON.stringify(nettoolSet)}, nc -zv ${JSON.stringify(ncSet)}, ss -ltn ${JSON.stringify([...ss].sort((a, b) => a - b))}`);
  console.log(`nettool's open set ${same(nettoolSet, [...ss].sort((a, b) => a - b)) ? 'equals' : 'DIFFERS FROM'} ss -ltn's listeners; nc's ${same(ncSet, nettoolSet) ? 'equals nettool\'s' : `differs: ports nc calls open that nothing listens on (its socket connected to itself): ${JSON.stringify(ncExtra)}`}`);
  const medians = timeInterleaved(
    {
      'nc -z 127.0.0.1 1-65535': ['nc', '-z', '127.0.0.1', '1-65535'],
      'nettool scan 127.0.0.1 -': [process.execPath, nettool, '-q', 'scan', '127.0.0.1', '-'],
    },
    runs,
  );
  const [nc, ours] = Object.values(medians);
  printTable(`scan, median of ${runs} interleaved runs`, [
    ['command', 'median ms', 'ratio to nc'],
    ...Object.entries(medians).map(([name, ms]) => [name, fmt(ms), ratio(ms, nc)]),
  ]);
  console.log(`\nnettool / nc: ${ratio(ours, nc)} (goal ≤ 1.00)`);
}

export default async function scan() {
  const self = fileURLToPath(import.meta.url);
  const probe = spawnSync('unshare', ['--net', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' });
  if (probe.status !== 0) {
    console.log('\n(scan: no network namespace available; measuring in the host namespace, among its other listeners)');
    await measure();
    return;
  }
  const child = spawn('unshare', ['--net', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, self, '--measure'], { stdio: 'inherit' });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`scan bench exited ${code}`);
}

if (process.argv[2] === '--measure') {
  console.log('\n(scan: measured in a network namespace of its own, lo only)');
  await measure();
} else if (process.argv[2] === '--time') {
  time(JSON.parse(process.argv[3]));
}
