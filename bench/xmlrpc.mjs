/**
 * XML-RPC: the `nettool rpc` one-shot call against Python's xmlrpc.client, and nettool's XML-RPC
 * server against Python's SimpleXMLRPCServer under the same Python client. Loopback only, bounded.
 */
import { spawn } from 'node:child_process';
import { fmt, median, nettool, printTable, ratio, timeInterleaved } from './lib.mjs';

const pythonServer = `
import sys, threading
from xmlrpc.server import SimpleXMLRPCServer
s = SimpleXMLRPCServer(('127.0.0.1', 0), logRequests=False, allow_none=True)
s.register_function(lambda a, b: a + b, 'add')
s.register_function(lambda v: v, 'echo')
threading.Thread(target=s.serve_forever, daemon=True).start()
print(s.server_address[1], flush=True)
sys.stdin.read()
`;

/** N echo calls of a struct with a 100-item array over one keep-alive connection; prints ms. */
const pythonLoad = `
import sys, time, xmlrpc.client as x
p = x.ServerProxy(sys.argv[1], allow_none=True)
value = {'name': 'bench', 'items': list(range(100)), 'ratio': 2.5, 'ok': True}
start = time.perf_counter()
for _ in range(int(sys.argv[2])):
    assert p.echo(value) == value
print((time.perf_counter() - start) * 1000)
`;

function startServer(argv) {
  const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (chunk) => resolve({ port: Number(String(chunk).trim()), stop: () => child.stdin.end() }));
  });
}

function runLoad(url, calls) {
  const child = spawn('python3', ['-c', pythonLoad, url, String(calls)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  return new Promise((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`load exited ${code}`)))));
}

/** `nettool serve xmlrpc` on a free loopback port, read from its `Serving xmlrpc on ...` line. */
function startNettoolServer() {
  const child = spawn(process.execPath, [nettool, 'serve', 'xmlrpc', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`nettool serve xmlrpc did not start: ${seen}`)), 10_000);
    child.once('error', reject);
    const onData = (chunk) => {
      seen += chunk;
      const match = /Serving xmlrpc on 127\.0\.0\.1:(\d+)/.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      // Its per-connection log lines keep coming; keep the pipe drained without collecting them.
      child.stderr.off('data', onData).resume();
      resolve({ port: Number(match[1]), stop: () => child.kill('SIGTERM') });
    };
    child.stderr.on('data', onData);
  });
}

export default async function xmlrpc({ runs = 20, calls = 300, rounds = 5 } = {}) {
  const python = await startServer(['python3', '-c', pythonServer]);
  const ours = await startNettoolServer();
  try {
    const pyUrl = `http://127.0.0.1:${python.port}/RPC2`;
    const medians = timeInterleaved(
      {
        'python3 xmlrpc.client add(2, 3)': ['python3', '-c', 'import sys, xmlrpc.client as x; print(x.ServerProxy(sys.argv[1]).add(2, 3))', pyUrl],
        'nettool rpc URL add 2 3': [process.execPath, nettool, 'rpc', pyUrl, 'add', '2', '3'],
      },
      runs,
    );
    const base = medians['python3 xmlrpc.client add(2, 3)'];
    printTable(`XML-RPC one-shot call against SimpleXMLRPCServer (median of ${runs} interleaved runs)`, [
      ['command', 'median ms', 'ratio to python3'],
      ...Object.entries(medians).map(([name, ms]) => [name, fmt(ms), ratio(ms, base)]),
    ]);

    const samples = { 'Python SimpleXMLRPCServer': [], 'nettool serve xmlrpc': [] };
    for (let i = 0; i < rounds; i++) {
      samples['Python SimpleXMLRPCServer'].push(await runLoad(pyUrl, calls));
      samples['nettool serve xmlrpc'].push(await runLoad(`http://127.0.0.1:${ours.port}/RPC2`, calls));
    }
    const py = median(samples['Python SimpleXMLRPCServer']);
    printTable(`XML-RPC server: ${calls} echo calls (a 100-item struct) from Python xmlrpc.client, median of ${rounds} interleaved rounds`, [
      ['server', 'median ms', 'calls/s', 'ratio to Python'],
      ...Object.entries(samples).map(([name, values]) => [name, fmt(median(values)), Math.round((calls * 1000) / median(values)), ratio(median(values), py)]),
    ]);
  } finally {
    python.stop();
    ours.stop();
  }
}
