/**
 * Python interop: small-message round trips of `nettool mp` and `serve mp` against Python's own
 * multiprocessing.connection Client and Listener (every pairing); `pickle --dis` of a 10 MB pickle against
 * `python3 -m pickletools`; decoding it (`pickle --check`) against pickle.load. Loopback only, bounded.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, median, nettool, printTable, ratio, timeInterleaved, timeOnce } from './lib.mjs';

const messages = 10_000;

/** The course's addserv: a Listener answering (x, y) with x + y, one client after another. */
const pythonListener = `
import sys
from multiprocessing.connection import Listener
listener = Listener(('127.0.0.1', 0), authkey=b'bench')
print(listener.address[1], flush=True)
while True:
    conn = listener.accept()
    try:
        while True:
            x, y = conn.recv()
            conn.send(x + y)
    except EOFError:
        conn.close()
`;

/** What `nettool mp` does, in Python: a value a line from stdin, sent, the reply printed. */
const pythonClient = `
import ast, sys
from multiprocessing.connection import Client
conn = Client(('127.0.0.1', int(sys.argv[1])), authkey=b'bench')
for line in sys.stdin:
    conn.send(ast.literal_eval(line))
    print(repr(conn.recv()))
`;

function startListener(argv, pattern) {
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${argv.join(' ')} did not start: ${seen}`)), 10_000);
    const onData = (chunk) => {
      seen += chunk;
      const match = pattern.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.resume();
      child.stderr.resume();
      resolve({ port: Number(match[1]), stop: () => child.kill('SIGTERM') });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
  });
}

async function roundTrips() {
  const input = join(mkdtempSync(join(tmpdir(), 'nettool-bench-mp-')), 'values.txt');
  writeFileSync(input, Array.from({ length: messages }, (_, i) => `(${i}, 1)\n`).join(''));
  const python = await startListener(['python3', '-c', pythonListener], /^(\d+)$/m);
  const served = await startListener([process.execPath, nettool, 'serve', 'mp', '0', '--host', '127.0.0.1', '--authkey', 'bench'], /Serving mp on 127\.0\.0\.1:(\d+)/);
  const commands = {
    'python Client → python Listener': ['python3', '-c', pythonClient, String(python.port)],
    'nettool mp → serve mp': [process.execPath, nettool, 'mp', `127.0.0.1:${served.port}`, '--authkey', 'bench'],
    'nettool mp → python Listener': [process.execPath, nettool, 'mp', `127.0.0.1:${python.port}`, '--authkey', 'bench'],
    'python Client → serve mp': ['python3', '-c', pythonClient, String(served.port)],
  };
  // Each run reads the same file from the start: a fresh descriptor per run.
  const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let run = 0; run < 4; run++) {
    for (const [name, argv] of Object.entries(commands)) {
      const fd = openSync(input, 'r');
      samples[name].push(timeOnce(argv, { stdio: [fd, 'ignore', 'pipe'] }));
      closeSync(fd);
    }
  }
  python.stop();
  served.stop();
  rmSync(input, { force: true });
  const ms = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values.slice(1))]));
  const base = ms['python Client → python Listener'];
  printTable(`mp: ${messages} small-message round trips, whole client process, median of 3 (after a warm-up)`, [
    ['pair', 'ms', 'round trips/s', 'vs Python pair'],
    ...Object.entries(ms).map(([name, value]) => [name, fmt(value), Math.round((messages / value) * 1000), ratio(base, value)]),
  ]);
}

function pickles() {
  const dir = mkdtempSync(join(tmpdir(), 'nettool-bench-pickle-'));
  const file = join(dir, 'big.pkl');
  const made = spawnSync('python3', ['-c', `import pickle, sys
rows = [{'id': i, 'name': 'row %d' % i, 'score': i * 0.5, 'tags': ('a', 'b'), 'blob': b'x' * 8, 'big': 2**70 + i} for i in range(185000)]
sys.stdout.buffer.write(pickle.dumps(rows, 4))`], { maxBuffer: 64 * 1024 * 1024 });
  writeFileSync(file, made.stdout);
  const size = made.stdout.length;
  const dis = timeInterleaved({ python: ['python3', '-m', 'pickletools', file], nettool: [process.execPath, nettool, 'pickle', '--dis', file] }, 3);
  const load = timeInterleaved({ python: ['python3', '-c', 'import pickle, sys; pickle.load(open(sys.argv[1], "rb"))', file], nettool: [process.execPath, nettool, 'pickle', '--check', file] }, 5);
  rmSync(dir, { recursive: true, force: true });
  printTable(`pickle: a ${(size / 1e6).toFixed(1)} MB protocol 4 pickle, whole process, median of 3 (--dis) and 5 (decode)`, [
    ['task', 'python ms', 'nettool ms', 'nettool speed vs python'],
    ['--dis vs python3 -m pickletools', fmt(dis.python), fmt(dis.nettool), ratio(dis.python, dis.nettool)],
    ['decode (--check) vs pickle.load', fmt(load.python), fmt(load.nettool), ratio(load.python, load.nettool)],
  ]);
}

export default async function run() {
  await roundTrips();
  pickles();
}
