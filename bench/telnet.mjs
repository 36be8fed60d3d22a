/**
 * Throughput: N MiB through `nettool telnet --raw` into a loopback discard sink (socat), against
 * socat, nc -N, a bare Node pipe and the Node floor (bench/floors/stdin-to-tcp.cjs: socat's loop written
 * in Node, blocking reads and all) in the same run, interleaved; stdin from a cached file and from dd.
 * Goal (issue 7): at least socat's MiB/s in both columns, peak RSS under 100 MB. Loopback only.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, openSync, closeSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, nettool, printTable } from './lib.mjs';

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port, deadline = Date.now() + 5000) {
  const { connect } = await import('node:net');
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const s = connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sink on ${port} did not start`);
}

/** Runs `sh -c script` under /usr/bin/time; returns wall seconds, the client's CPU seconds and peak RSS in MB. */
function measure(script) {
  const start = process.hrtime.bigint();
  const result = spawnSync('sh', ['-c', script], { encoding: 'utf8', timeout: 120_000 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${script} exited ${result.status}: ${result.stderr}`);
  const [, rssKb, user, system] = /RSS=(\d+) CPU=([\d.]+)\+([\d.]+)/.exec(result.stderr) ?? [];
  return { seconds, rss: Number(rssKb) / 1024, cpu: Number(user) + Number(system) };
}

export default async function telnetThroughput({ mib = Number(process.env.BENCH_TELNET_MIB ?? 1024), runs = Number(process.env.BENCH_TELNET_RUNS ?? 5) } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'nettool-bench-'));
  const file = join(dir, 'payload.bin');
  const bare = join(dir, 'bare.mjs');
  writeFileSync(bare, "import net from 'node:net'; const [host, port] = process.argv.slice(2); const s = net.connect(Number(port), host, () => process.stdin.pipe(s));\n");
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(1 << 20, 0x5a);
  for (let i = 0; i < mib; i++) writeSync(fd, block);
  closeSync(fd);
  const port = await freePort();
  const sink = spawn('socat', ['-u', '-b', '262144', `TCP-LISTEN:${port},bind=127.0.0.1,fork,reuseaddr`, 'OPEN:/dev/null'], { stdio: 'ignore' });
  try {
    await waitForPort(port);
    const time = "/usr/bin/time -f 'RSS=%M CPU=%U+%S'";
    const clients = {
      'nettool telnet --raw': `${time} ${process.execPath} ${nettool} telnet --raw --quiet 127.0.0.1 ${port}`,
      'socat -u -b 131072': `${time} socat -u -b 131072 STDIN TCP:127.0.0.1:${port}`,
      'nc -N': `${time} nc -N 127.0.0.1 ${port}`,
      'bare stdin.pipe(net.connect())': `${time} ${process.execPath} ${bare} 127.0.0.1 ${port}`,
      'Node floor (stdin-to-tcp.cjs)': `${time} ${process.execPath} ${new URL('floors/stdin-to-tcp.cjs', import.meta.url).pathname} ${port}`,
    };
    const feeds = {
      file: (client) => `${client} < ${file}`,
      dd: (client) => `dd if=/dev/zero bs=1M count=${mib} status=none | ${client}`,
    };
    const samples = {};
    measure(`cat ${file} > /dev/null`); // into the page cache
    for (let run = 0; run < runs; run++) {
      for (const [feed, wrap] of Object.entries(feeds)) {
        for (const [name, client] of Object.entries(clients)) {
          const { seconds, rss, cpu } = measure(wrap(client));
          const key = `${name}|${feed}`;
          (samples[key] ??= { rate: [], rss: [], cpu: [] }).rate.push(mib / seconds);
          samples[key].rss.push(rss);
          samples[key].cpu.push(cpu);
        }
      }
    }
    const rate = (name, feed) => median(samples[`${name}|${feed}`].rate);
    const rss = (name) => Math.max(...samples[`${name}|file`].rss, ...samples[`${name}|dd`].rss);
    const cpu = (name, feed) => median(samples[`${name}|${feed}`].cpu).toFixed(2);
    const base = 'socat -u -b 131072';
    printTable(`telnet --raw throughput, ${mib} MiB into a socat discard sink (median of ${runs} interleaved runs; MiB/s, ratio to socat)`, [
      ['client', 'stdin from a file', 'stdin from dd', 'client CPU s (file / dd)', 'peak RSS MB'],
      ...Object.keys(clients).map((name) => [
        name,
        `${rate(name, 'file').toFixed(0)} (${(rate(name, 'file') / rate(base, 'file')).toFixed(2)})`,
        `${rate(name, 'dd').toFixed(0)} (${(rate(name, 'dd') / rate(base, 'dd')).toFixed(2)})`,
        `${cpu(name, 'file')} / ${cpu(name, 'dd')}`,
        rss(name).toFixed(0),
      ]),
    ]);
  } finally {
    sink.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
