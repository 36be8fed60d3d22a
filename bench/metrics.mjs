/**
 * `serve metrics` with 10,000 established loopback sockets (5,000 pairs held by a helper process):
 * one scrape with curl against `ss -tan`'s whole run, interleaved in the same run (goal: at most
 * 1.0 ×), then 1,000 scrapes in a row with the exporter's resident set before and after (goal:
 * ≤ 80 MB, no growth). As root it runs in a network namespace of its own, as bench/netstat.mjs does.
 *   npm run bench -- metrics
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startHolder } from './netstat.mjs';
import { fmt, nettool, printTable, timeInterleaved } from './lib.mjs';

const memory = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
};

async function startExporter(extra = []) {
  const child = spawn(process.execPath, [nettool, 'serve', 'metrics', '0', '--host', '127.0.0.1', ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise((resolve, reject) => {
    let text = '';
    child.stderr.on('data', (chunk) => {
      text += chunk;
      const found = /^Serving metrics on 127\.0\.0\.1:(\d+)/m.exec(text);
      if (found) resolve(Number(found[1]));
    });
    child.on('exit', (code) => reject(new Error(`exporter exited ${code}: ${text}`)));
  });
  return { child, port, url: `http://127.0.0.1:${port}/metrics` };
}

async function measure({ pairs = 5000, runs = 15, scrapes = 1000 } = {}) {
  const holder = await startHolder(pairs);
  const exporter = await startExporter();
  const withOwners = await startExporter(['--processes']);
  try {
    const body = spawnSync('curl', ['-sf', exporter.url], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const established = /^nettool_tcp_connections\{state="ESTABLISHED"\} (\d+)$/m.exec(body.stdout)?.[1];
    const medians = timeInterleaved(
      {
        'ss -tan': ['ss', '-tan'],
        'ss -tanp': ['ss', '-tanp'],
        'curl /metrics': ['curl', '-sf', '-o', '/dev/null', exporter.url],
        'curl /metrics (--processes)': ['curl', '-sf', '-o', '/dev/null', withOwners.url],
        'curl (a 404, the HTTP floor)': ['curl', '-s', '-o', '/dev/null', exporter.url.replace('/metrics', '/nothing')],
      },
      runs,
      { maxBuffer: 64 << 20 },
    );
    printTable(`serve metrics: one scrape at ${established} established sockets (median of ${runs} interleaved runs)`, [
      ['command', 'median ms', '× ss -tan', '× ss -tanp'],
      ...Object.entries(medians).map(([name, ms]) => [name, fmt(ms), (ms / medians['ss -tan']).toFixed(2), (ms / medians['ss -tanp']).toFixed(2)]),
    ]);
    const before = memory(exporter.child.pid);
    const started = performance.now();
    for (let i = 0; i < scrapes; i++) await (await fetch(exporter.url)).arrayBuffer();
    const elapsed = performance.now() - started;
    const after = memory(exporter.child.pid);
    printTable(`serve metrics: ${scrapes} scrapes in a row (${fmt(elapsed / scrapes)} ms each, keep-alive)`, [
      ['', 'RSS MB', 'peak RSS MB'],
      ['after the timed scrapes', before.rss.toFixed(1), before.peak.toFixed(1)],
      [`after ${scrapes} more`, after.rss.toFixed(1), after.peak.toFixed(1)],
    ]);
  } finally {
    exporter.child.kill('SIGKILL');
    withOwners.child.kill('SIGKILL');
    await holder.stop();
  }
}

/** Runs `measure` in a fresh network namespace with only lo (up), when this user may make one. */
export default async function metrics() {
  const self = fileURLToPath(import.meta.url);
  const probe = spawnSync('unshare', ['--net', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' });
  if (probe.status !== 0) {
    console.log('\n(metrics: no network namespace available; measuring in the host namespace, among its other sockets)');
    await measure();
    return;
  }
  const child = spawn('unshare', ['--net', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, self, '--measure'], { stdio: 'inherit' });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`metrics bench exited ${code}`);
}

if (process.argv[2] === '--measure' && process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log('\n(metrics: measured in a network namespace of its own, lo only)');
  await measure();
}
