/**
 * `nettool dns` against dig, both asking a dnsmasq on loopback, with `node -e 0` as the floor.
 * Every query uses a name not asked before, so nothing is answered from a cache.
 * Goals (issue 8): one query, nettool − floor ≤ 0.5 × dig; 200 names, nettool − floor ≤ dig -f.
 * The same run times the least Node can do with dns-packet (bench/floors/dns-query.cjs), to show
 * what any Node client of this design pays above `node -e 0`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, median, nettool, printTable, ratio, timeOnce } from './lib.mjs';

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startDnsmasq() {
  const port = await freePort();
  const child = spawn('dnsmasq', [
    '--no-daemon', `--port=${port}`, '--listen-address=127.0.0.1', '--bind-interfaces', '--no-resolv', '--no-hosts',
    '--conf-file=/dev/null', '--pid-file=', '--log-facility=-', ...(process.getuid?.() === 0 ? ['--user=root'] : []),
    // Any name under bench.test answers, so each query can ask a new one.
    '--address=/bench.test/192.0.2.1',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`dnsmasq did not start: ${log}`)), 10_000);
    const onData = (chunk) => {
      log += chunk;
      if (log.includes('started, version')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => reject(new Error(`dnsmasq exited: ${log}`)));
  });
  child.removeAllListeners('exit');
  return { port, stop: () => child.kill('SIGTERM') };
}

/**
 * CPU time (user + system, ms) of this process's waited-for children, from /proc/self/stat
 * (cutime, cstime in clock ticks of 10 ms). Summed over many runs, it shows the work done
 * even when other jobs on the machine stretch the wall time.
 */
export function childrenCpuMs() {
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** Times `commands` (name → (run index) → argv) `runs` times each, interleaved: median wall ms and mean CPU ms. */
export function interleaved(commands, runs) {
  const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, { wall: [], cpu: 0 }]));
  for (const make of Object.values(commands)) timeOnce(make(-1)); // warm the page cache
  for (let i = 0; i < runs; i++) {
    for (const [name, make] of Object.entries(commands)) {
      const before = childrenCpuMs();
      samples[name].wall.push(timeOnce(make(i)));
      samples[name].cpu += childrenCpuMs() - before;
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, { wall, cpu }]) => [name, { wall: median(wall), cpu: cpu / runs }]));
}

const floorClient = new URL('floors/dns-query.cjs', import.meta.url).pathname;

export default async function dns({ runs = 20, batchRuns = 10, names = 200 } = {}) {
  if (spawnSync('sh', ['-c', 'command -v dig && command -v dnsmasq']).status !== 0) throw new Error('the dns bench needs dig and dnsmasq');
  const server = await startDnsmasq();
  const dir = mkdtempSync(join(tmpdir(), 'nettool-bench-dns-'));
  let serial = 0;
  const fresh = () => `q${process.pid}-${serial++}.bench.test`;
  try {
    const one = interleaved(
      {
        'node -e 0': () => [process.execPath, '-e', '0'],
        // The CLI's own start-up (commander, every command's options), which any nettool command pays.
        'nettool --version': () => [process.execPath, nettool, '--version'],
        dig: () => ['dig', '+short', '@127.0.0.1', '-p', String(server.port), fresh()],
        'nettool dns': () => [process.execPath, nettool, 'dns', fresh(), `@127.0.0.1:${server.port}`, '--short'],
        'Node floor': () => [process.execPath, floorClient, String(server.port), fresh()],
      },
      runs,
    );
    const batch = (run) => Array.from({ length: names }, (_, i) => `n${i}-r${run}-${serial++}.bench.test`);
    const many = interleaved(
      {
        'node -e 0': () => [process.execPath, '-e', '0'],
        'dig -f': (run) => {
          const file = join(dir, `names-${run}.txt`);
          writeFileSync(file, `${batch(run).join('\n')}\n`);
          return ['dig', '+short', '@127.0.0.1', '-p', String(server.port), '-f', file];
        },
        'nettool dns': (run) => [process.execPath, nettool, 'dns', ...batch(run), `@127.0.0.1:${server.port}`, '--short'],
        'Node floor': (run) => [process.execPath, floorClient, String(server.port), ...batch(run)],
      },
      batchRuns,
    );
    const report = (title, medians, digName, goalFactor) => {
      const floor = medians['node -e 0'];
      const above = (key, name = 'nettool dns') => medians[name][key] - floor[key];
      printTable(title, [
        ['command', 'median wall ms', 'wall above node floor', 'mean CPU ms', 'CPU above node floor'],
        ...Object.entries(medians).map(([name, { wall, cpu }]) => {
          const mine = name.startsWith('nettool') || name === 'Node floor';
          return [name, fmt(wall), mine ? fmt(wall - floor.wall) : '', fmt(cpu), mine ? fmt(cpu - floor.cpu) : ''];
        }),
      ]);
      for (const key of ['wall', 'cpu']) {
        const goal = goalFactor * medians[digName][key];
        const verdict = above(key) <= goal ? 'met' : `missed by ${fmt(above(key) - goal)} ms`;
        console.log(`${key}: (nettool − floor) / ${digName} = ${ratio(above(key), medians[digName][key])}; goal ≤ ${goalFactor} → ${verdict}`);
        console.log(`${key}: (Node floor client − floor) / ${digName} = ${ratio(above(key, 'Node floor'), medians[digName][key])}`);
      }
    };
    report(`dns: one query, whole process (median of ${runs} interleaved runs)`, one, 'dig', 0.5);
    report(`dns: ${names} names in one process (median of ${batchRuns} interleaved runs)`, many, 'dig -f', 1);
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
