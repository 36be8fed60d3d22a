/**
 * `nettool dns ZONE AXFR` against `dig ZONE AXFR`, both transferring a 10,006-record zone from a
 * named on loopback, with `node -e 0` as the floor. Goal: nettool − floor ≤ dig, in wall time and CPU.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interleaved } from './dns.mjs';
import { fmt, nettool, printTable, ratio } from './lib.mjs';

const port = 20_000 + (process.pid % 20_000);

async function startNamed(dir) {
  const lines = ['$ORIGIN example.test.', '$TTL 3600', '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300', '@ IN NS ns1', 'ns1 IN A 127.0.0.1', '@ IN MX 10 mail', '@ IN TXT "v=spf1 -all"'];
  for (let i = 0; i < 10_000; i++) lines.push(`h${i} IN A 10.0.${i >> 8}.${i & 255}`);
  writeFileSync(join(dir, 'zone'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'named.conf'), `options { directory "${dir}"; listen-on port ${port} { 127.0.0.1; }; listen-on-v6 { none; };
    pid-file "${dir}/pid"; session-keyfile "${dir}/key"; recursion no; allow-transfer { any; }; notify no; };
    controls { }; zone "example.test" { type primary; file "${dir}/zone"; };`);
  const child = spawn('named', ['-g', '-n', '1', '-c', join(dir, 'named.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`named did not start: ${log}`)), 20_000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      if (/running\n/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`named exited: ${log}`)));
  });
  child.removeAllListeners('exit');
  return () => child.kill('SIGTERM');
}

export default async function axfr({ runs = 10 } = {}) {
  if (spawnSync('sh', ['-c', 'command -v dig && command -v named']).status !== 0) throw new Error('the axfr bench needs dig and named');
  const dir = mkdtempSync(join(tmpdir(), 'nettool-bench-axfr-'));
  const stop = await startNamed(dir);
  try {
    const medians = interleaved(
      {
        'node -e 0': () => [process.execPath, '-e', '0'],
        'nettool dns (one SOA query)': () => [process.execPath, nettool, 'dns', 'example.test', 'SOA', `@127.0.0.1:${port}`],
        'dig AXFR': () => ['dig', '@127.0.0.1', '-p', String(port), 'example.test', 'AXFR'],
        'nettool dns AXFR': () => [process.execPath, nettool, 'dns', 'example.test', 'AXFR', `@127.0.0.1:${port}`],
      },
      runs,
    );
    const floor = medians['node -e 0'];
    printTable(`dns AXFR of 10,006 records (median wall / mean CPU of ${runs} interleaved runs)`, [
      ['command', 'median wall ms', 'wall above node floor', 'mean CPU ms', 'CPU above node floor'],
      ...Object.entries(medians).map(([name, { wall, cpu }]) => {
        const mine = name.startsWith('nettool');
        return [name, fmt(wall), mine ? fmt(wall - floor.wall) : '', fmt(cpu), mine ? fmt(cpu - floor.cpu) : ''];
      }),
    ]);
    for (const key of ['wall', 'cpu']) {
      const above = medians['nettool dns AXFR'][key] - floor[key];
      const dig = medians['dig AXFR'][key];
      console.log(`${key}: (nettool AXFR − node floor) / dig AXFR = ${ratio(above, dig)}; goal ≤ 1 → ${above <= dig ? 'met' : `missed by ${fmt(above - dig)} ms`}`);
    }
  } finally {
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
